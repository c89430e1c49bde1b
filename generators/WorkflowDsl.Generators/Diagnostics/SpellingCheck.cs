using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Diagnostics
{
    /// <summary>The analyzer's check of the generator's syntax-only reading against the symbol-based
    /// parser: WFDSL021 where the generator would emit something other than what the compiler binds
    /// (so a successful build never holds a plan the symbols disagree with), WFDSL022 where the
    /// generator was not sure and the plan is built at start-up.</summary>
    internal static class SpellingCheck
    {
        private const string Fix =
            "rename or fully qualify the type or method that takes the DSL's name (for example write WorkflowDsl.Channel.Email), or rename the look-alike, so that the generator's reading and the compiler's agree";

        /// <summary>The diagnostic for a [Workflow] class the binding parser read into <paramref name="bound"/> and the
        /// syntax reader into <paramref name="reading"/> (null when it found no [Workflow] spelling), or null when the readings agree.</summary>
        public static Diagnostic? CheckWorkflow(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SyntaxReading? reading, WorkflowModel bound)
        {
            if (reading == null)
            {
                return Diagnostic.Create(DiagnosticDescriptors.SpellingDisagreesWithBinding, declaration.Identifier.GetLocation(),
                    "The generator looks for the [Workflow] attribute by its spelling and did not find it on class '" + declaration.Identifier.Text + "', but the compiler binds one of its attributes to WorkflowDsl.WorkflowAttribute: write [Workflow(\"id\")] (or [WorkflowDsl.Workflow(\"id\")]) with the id as its one argument.");
            }
            var read = reading.Model;
            var defineLocation = reading.Define?.Identifier.GetLocation() ?? declaration.Identifier.GetLocation();
            if (read == null)
            {
                return Diagnostic.Create(DiagnosticDescriptors.SpellingDisagreesWithBinding, defineLocation,
                    "The generator read this definition by its spelling as one it must not emit (a rule it breaks), but the compiler binds it to a valid workflow: " + Fix + ".");
            }
            // WorkflowParser takes the class's static-ness from the symbol, which another part of the class can set.
            if (symbol.IsStatic && !declaration.Modifiers.Any(SyntaxKind.StaticKeyword) && read.TypeDeclarations.Count == bound.TypeDeclarations.Count && read.TypeDeclarations.Count > 0
                && bound.TypeDeclarations[bound.TypeDeclarations.Count - 1] == "static " + read.TypeDeclarations[read.TypeDeclarations.Count - 1])
            {
                read = read with { TypeDeclarations = bound.TypeDeclarations };
            }

            var differences = new List<(string Field, string Read, string Bound, Location Where)>();
            var classLocation = declaration.Identifier.GetLocation();
            // The generator takes the accessibility from the declarations it reads (this part of the class
            // and the parts around it); another part can set it. A class it takes for private would be left
            // out of the registry (Plans, AddGeneratedWorkflows) although the compiler makes it visible.
            bool boundVisible = Names.IsVisibleInAssembly(symbol);
            if (reading.VisibleInAssembly != boundVisible)
            {
                return Diagnostic.Create(DiagnosticDescriptors.SpellingDisagreesWithBinding, classLocation,
                    "The generator reads class '" + declaration.Identifier.Text + "' as " + Visibility(reading.VisibleInAssembly) + " from the accessibility written on this declaration and the ones around it, " +
                    "but the compiler makes it " + Visibility(boundVisible) + " (another part of the class, or of a class around it, says so): write the accessibility modifier on the declaration with the [Workflow] attribute and on the declarations around it.");
            }
            if (read.Id.Length > 0 || read.Precompiled) Compare(differences, "id", read.Id, bound.Id, IdLocation(declaration) ?? classLocation);
            Compare(differences, "namespace", read.Namespace, bound.Namespace, classLocation);
            Compare(differences, "declarations", string.Join(" / ", read.TypeDeclarations), string.Join(" / ", bound.TypeDeclarations), classLocation);
            Compare(differences, "type", read.FullyQualifiedTypeName, bound.FullyQualifiedTypeName, classLocation);
            if (read.Precompiled)
            {
                Compare(differences, "name", Quote(read.Name), Quote(bound.Name), Field(reading, "Name", defineLocation));
                Compare(differences, "description", Quote(read.Description), Quote(bound.Description), Field(reading, "Description", defineLocation));
                Compare(differences, "contents", string.Join(", ", read.Contents.Select(Quote)), string.Join(", ", bound.Contents.Select(Quote)), Field(reading, "Contents", defineLocation));
                Compare(differences, "labels", string.Join(", ", read.Labels.Select(Quote)), string.Join(", ", bound.Labels.Select(Quote)), Field(reading, "Labels", defineLocation));
                Compare(differences, "owner", Quote(read.Owner), Quote(bound.Owner), Field(reading, "Owner", defineLocation));
                Compare(differences, "target group", read.TargetGroupLambda ?? "(none)", bound.TargetGroupLambda ?? "(none)", Field(reading, "TargetGroupLambda", defineLocation));
                int steps = System.Math.Max(read.Steps.Count, bound.Steps.Count);
                for (int i = 0; i < steps; i++)
                {
                    string readStep = i < read.Steps.Count ? Describe(read.Steps[i]) : "(no step)";
                    string boundStep = i < bound.Steps.Count ? Describe(bound.Steps[i]) : "(no step)";
                    var where = i < reading.StepCalls.Count ? ParserSupport.CallLocation(reading.StepCalls[i]) : defineLocation;
                    Compare(differences, "step " + (i + 1), readStep, boundStep, where);
                }
                Compare(differences, "cron", Quote(read.Cron), Quote(bound.Cron), Field(reading, "Cron", defineLocation));
                Compare(differences, "time zone", Quote(read.TimeZone), Quote(bound.TimeZone), Field(reading, "TimeZone", defineLocation));
            }

            if (differences.Count > 0)
            {
                var first = differences[0];
                return Diagnostic.Create(DiagnosticDescriptors.SpellingDisagreesWithBinding, first.Where,
                    "The generator read this definition by its spelling as " + first.Field + " " + first.Read + ", but the compiler binds it to " + first.Field + " " + first.Bound + ": " + Fix + ".");
            }
            if (!read.Precompiled)
            {
                var at = reading.NotSureAt ?? defineLocation;
                return Diagnostic.Create(DiagnosticDescriptors.NotPrecompiled, at,
                    "Workflow '" + bound.Id + "' is not precompiled: " + reading.NotSureReason + "; its plan is built at start-up. To precompile it, write " + reading.SupportedForm + ".");
            }
            return null;
        }

        /// <summary>WFDSL021 for a class whose attribute is spelled like [Workflow] but is not WorkflowDsl's
        /// (the generator would emit a plan for it); null otherwise.</summary>
        public static Diagnostic? CheckLookAlikeAttribute(ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            if (!SyntaxReader.HasWorkflowAttributeSpelling(declaration)) return null;
            var reading = SyntaxReader.ReadWorkflow(declaration, cancellationToken, forAnalyzer: false);
            if (reading?.Model == null) return null;
            return Diagnostic.Create(DiagnosticDescriptors.SpellingDisagreesWithBinding, declaration.Identifier.GetLocation(),
                "The generator read class '" + declaration.Identifier.Text + "' by its spelling as a [Workflow] class, but the compiler binds its attribute to another type than WorkflowDsl.WorkflowAttribute: " +
                "rename that attribute type, or write [WorkflowDsl.Workflow(\"id\")] if the class is meant to be a workflow.");
        }

        /// <summary>The diagnostic for a [MessageTemplate] method the symbol parser read into <paramref name="bound"/>, or null when the registry entry agrees.</summary>
        public static Diagnostic? CheckTemplate(MethodDeclarationSyntax declaration, TemplateModel bound, CancellationToken cancellationToken)
        {
            var read = SyntaxReader.ReadTemplate(declaration, cancellationToken);
            if (read != null && (read.Id.Length == 0 || read.Id == bound.Id) && read.FullyQualifiedTypeName == bound.FullyQualifiedTypeName && read.MethodName == bound.MethodName) return null;
            string what = read == null ? "as a method it does not register" : "as template '" + read.Id + "' of " + read.FullyQualifiedTypeName + "." + read.MethodName;
            return Diagnostic.Create(DiagnosticDescriptors.SpellingDisagreesWithBinding, declaration.Identifier.GetLocation(),
                "The generator read this [MessageTemplate] method by its spelling " + what + ", but the compiler binds it to template '" + bound.Id + "' of " + bound.FullyQualifiedTypeName + "." + bound.MethodName +
                ": write [MessageTemplate(\"id\")] on a 'static TemplateDefinition' method (the names as the DSL spells them), or rename the look-alike type.");
        }

        private static string Visibility(bool visibleInAssembly) =>
            visibleInAssembly ? "visible to the rest of the assembly (in the GeneratedWorkflows registry)" : "private to its containing class (not in the GeneratedWorkflows registry)";

        private static void Compare(List<(string, string, string, Location)> differences, string field, string read, string bound, Location where)
        {
            if (read != bound) differences.Add((field, read, bound, where));
        }

        private static Location Field(SyntaxReading reading, string field, Location fallback) =>
            reading.FieldCalls.TryGetValue(field, out var call) ? ParserSupport.CallLocation(call) : fallback;

        private static Location? IdLocation(ClassDeclarationSyntax declaration)
        {
            foreach (var list in declaration.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    if (attribute.ArgumentList != null && attribute.ArgumentList.Arguments.Count == 1 && attribute.Name.ToString().Contains("Workflow"))
                        return attribute.ArgumentList.Arguments[0].Expression.GetLocation();
                }
            }
            return null;
        }

        private static string Quote(string? text) => text == null ? "(none)" : "'" + text + "'";

        private static string Describe(StepModel step)
        {
            switch ((StepKind)step.Kind)
            {
                case StepKind.Message:
                    return "'" + step.Key + "' (message to the " + StepCatalog.RecipientName((Recipient)step.Recipient) + " by " + StepCatalog.ChannelNames((Channel)step.Channels) + ", template '" + step.TemplateId + "')";
                case StepKind.Delay:
                    return "'" + step.Key + "' (wait " + DurationText.Describe(step.DurationTicks) + ")";
                default:
                    return "'" + step.Key + "' (wait " + DurationText.Describe(step.DurationTicks) + " and repeat " + step.Times + " times)";
            }
        }
    }
}
