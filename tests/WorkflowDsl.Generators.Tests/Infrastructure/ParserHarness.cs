using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Parsing;

namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Calls the parsers directly, as the generator does, on sources compiled against the DSL.</summary>
internal static class ParserHarness
{
    public static CSharpCompilation Compile(params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"Test{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(AnalyzerTestSetup.GlobalUsings, path: "GlobalUsings.cs"));
        return CSharpCompilation.Create("Test", trees, AnalyzerTestSetup.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The parse results of every [Workflow] class in the sources.</summary>
    public static List<ParseResult<WorkflowModel>> ParseWorkflowResults(params string[] sources) => ParseWorkflowResults(Compile(sources));

    public static List<ParseResult<WorkflowModel>> ParseWorkflowResults(Compilation compilation)
    {
        var results = new List<ParseResult<WorkflowModel>>();
        foreach (var (declaration, symbol, model) in WorkflowDeclarations(compilation))
        {
            var analysis = WorkflowParser.Analyze(declaration, symbol, model, CancellationToken.None);
            var result = analysis.Result;
            // Every parser test is also a parity test of the analyzer's reading: the syntax reader, when
            // it is sure and the names it relied on bind to the DSL's, gives exactly what binding gives
            // (model, diagnostics with their spans and messages, id and message steps).
            AssertAnalyzerReadingAgrees(declaration, symbol, model, analysis);
            // And of the generator's syntax-only reading: when it is sure, it gives the parser's model.
            AssertSyntaxReaderAgrees(declaration, symbol, result.Model);
            results.Add(result);
        }
        return results;
    }

    /// <summary>Each declaration of the compilation that carries WorkflowDsl's [Workflow] attribute (as
    /// ForAttributeWithMetadataName gives it: the part with the attribute), with its class and semantic model.</summary>
    public static IEnumerable<(ClassDeclarationSyntax Declaration, INamedTypeSymbol Symbol, SemanticModel Model)> WorkflowDeclarations(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol symbol) continue;
                if (!symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == WorkflowParser.WorkflowAttributeName
                        && a.ApplicationSyntaxReference?.SyntaxTree == tree && declaration.Span.Contains(a.ApplicationSyntaxReference.Span))) continue;
                yield return (declaration, symbol, model);
            }
        }
    }

    /// <summary>The analyzer's reading (<see cref="SyntaxReader"/> checked by <see cref="RelianceCheck"/>),
    /// where the analyzer uses it, equals the binding parser's analysis. Returns true when it was used.</summary>
    public static bool AssertAnalyzerReadingAgrees(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, SemanticModel model, WorkflowAnalysis bound)
    {
        var reading = SyntaxReader.ReadWorkflow(declaration, CancellationToken.None, forAnalyzer: true);
        if (reading == null || !RelianceCheck.Holds(reading, symbol, model, CancellationToken.None)) return false;
        var read = reading.ToAnalysis();
        Assert.Equal(string.Join("\n", bound.Result.Diagnostics.Select(Show)), string.Join("\n", read.Result.Diagnostics.Select(Show)));
        Assert.Equal(bound.Result, AsBound(read.Result, bound.Result));
        Assert.Equal(bound.Id, read.Id);
        Assert.Equal(bound.IdLocation, read.IdLocation);
        Assert.Equal(bound.MessageSteps.Select(Describe), read.MessageSteps.Select(Describe));
        return true;

        static string Show(DiagnosticInfo d) => d.Id + "@" + d.Location?.Span + ": " + string.Join("|", d.MessageArgs);
        static string Describe(MessageStepUse step) => step.TemplateId + "/" + step.Recipient + "/" + step.Channels + "@" + step.Location;
    }

    /// <summary>The syntax reader's result with the binding parser's type declarations when they differ
    /// only in 'static' on the class itself (another part of the class may say static; the syntax reader
    /// reads the part with the attribute).</summary>
    public static ParseResult<WorkflowModel> AsBound(ParseResult<WorkflowModel> read, ParseResult<WorkflowModel> bound)
    {
        if (read.Model is not { } model || bound.Model is not { } boundModel || model.TypeDeclarations.Count != boundModel.TypeDeclarations.Count || model.TypeDeclarations.Count == 0) return read;
        var declarations = model.TypeDeclarations.ToList();
        if (boundModel.TypeDeclarations[^1] != "static " + declarations[^1]) return read;
        declarations[^1] = boundModel.TypeDeclarations[^1];
        return read with { Model = model with { TypeDeclarations = declarations.ToEquatableArray() } };
    }

    /// <summary>The generator's <see cref="SyntaxReader"/> agrees with the symbol-based parser: a
    /// precompiled model equals the parser's, a model it was not sure of has the parser's declaration
    /// fields, and it emits nothing only where the parser has no model either. Returns the reading.</summary>
    public static SyntaxReading? AssertSyntaxReaderAgrees(ClassDeclarationSyntax declaration, INamedTypeSymbol symbol, WorkflowModel? parsed)
    {
        var reading = SyntaxReader.ReadWorkflow(declaration, CancellationToken.None);
        if (parsed == null) return reading;
        Assert.NotNull(reading);
        var read = Assert.IsType<WorkflowModel>(reading!.Model);
        // The parser takes the class's static-ness from the symbol (another part may say static).
        if (symbol.IsStatic && !declaration.Modifiers.Any(SyntaxKind.StaticKeyword) && read.TypeDeclarations.Count > 0)
        {
            var declarations = read.TypeDeclarations.ToList();
            declarations[^1] = "static " + declarations[^1];
            read = read with { TypeDeclarations = declarations.ToEquatableArray() };
        }
        if (read.Precompiled)
        {
            Assert.Equal(parsed, read);
        }
        else
        {
            if (read.Id.Length > 0) Assert.Equal(parsed.Id, read.Id);
            Assert.Equal(parsed.Namespace, read.Namespace);
            Assert.Equal(parsed.TypeDeclarations, read.TypeDeclarations);
            Assert.Equal(parsed.FullyQualifiedTypeName, read.FullyQualifiedTypeName);
            Assert.NotNull(reading.NotSureReason);
        }
        return reading;
    }

    /// <summary>The models of every [Workflow] class, asserting each parsed without diagnostics.</summary>
    public static List<WorkflowModel> ParseWorkflows(params string[] sources) =>
        ParseWorkflowResults(sources).Select(r =>
        {
            Assert.Empty(r.Diagnostics);
            return Assert.IsType<WorkflowModel>(r.Model);
        }).ToList();

    /// <summary>The parse results of every [MessageTemplate] method in the sources.</summary>
    public static List<ParseResult<TemplateModel>> ParseTemplateResults(params string[] sources) => ParseTemplateResults(Compile(sources));

    public static List<ParseResult<TemplateModel>> ParseTemplateResults(Compilation compilation)
    {
        var results = new List<ParseResult<TemplateModel>>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not IMethodSymbol symbol) continue;
                if (!symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == TemplateParser.TemplateAttributeName)) continue;
                var result = TemplateParser.Parse(declaration, symbol, model, CancellationToken.None);
                // As for workflows: the syntax reading, where it is used, gives what binding gives.
                var bound = TemplateParser.Analyze(declaration, symbol, model, 3, CancellationToken.None, allowSyntax: false).Result;
                Assert.Equal(string.Join("\n", bound.Diagnostics.Select(d => d.Id + "@" + d.Location?.Span + ": " + string.Join("|", d.MessageArgs))),
                    string.Join("\n", result.Diagnostics.Select(d => d.Id + "@" + d.Location?.Span + ": " + string.Join("|", d.MessageArgs))));
                Assert.Equal(bound, result);
                // The generator's syntax-only reading registers the same template (an id it cannot read is "").
                if (result.Model != null)
                {
                    var read = SyntaxReader.ReadTemplate(declaration, CancellationToken.None);
                    Assert.NotNull(read);
                    Assert.Equal(result.Model, read!.Id.Length == 0 ? read with { Id = result.Model.Id } : read);
                }
                results.Add(result);
            }
        }
        return results;
    }
}
