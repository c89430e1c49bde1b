using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace WorkflowDsl.Generators.Model
{
    // The pipeline's models: strings, numbers and equatable arrays only. No ISymbol, SyntaxNode,
    // SemanticModel or Compilation may be reachable from them (a test walks them to check).

    /// <summary>Everything the emitter needs for one [Workflow] class.</summary>
    /// <param name="Id">The attribute's workflow id.</param>
    /// <param name="Namespace">The class's namespace, "" for the global namespace.</param>
    /// <param name="TypeDeclarations">Declarations to reopen, outermost first, the workflow class
    /// last, e.g. "partial class Outer", "static partial class SecurityAwareness".</param>
    /// <param name="FullyQualifiedTypeName">"global::Ns.Outer.SecurityAwareness".</param>
    /// <param name="Name">Workflow.Named(...) / seed-template name.</param>
    /// <param name="Description">Describe(...), "" when absent.</param>
    /// <param name="Contents">ForContents(...).</param>
    /// <param name="Labels">Labels(...).</param>
    /// <param name="Owner">OwnedBy(...), or null.</param>
    /// <param name="TargetGroupLambda">The source text of the argument given to TargetGroup(...) (usually a lambda), or null
    /// when the definition has no TargetGroup call. The generated code only records whether there is
    /// one (the run time takes the target group from Define()); the analyzer compares the text.</param>
    /// <param name="Steps">The steps after seed-template expansion and RemoveStep, keys resolved.</param>
    /// <param name="Cron">Schedule cron, or null.</param>
    /// <param name="TimeZone">Schedule time zone, or null.</param>
    /// <param name="Precompiled">True when the plan fields (Name through TimeZone) were read at compile
    /// time. False when the generator's syntax reading was not sure of the definition (for example an
    /// argument that is a const declared in another file): the generated code then builds that
    /// workflow's plan at start-up with the run-time builder, and only the declaration fields (Id,
    /// Namespace, TypeDeclarations, FullyQualifiedTypeName) are meaningful.</param>
    internal sealed record WorkflowModel(
        string Id,
        string Namespace,
        EquatableArray<string> TypeDeclarations,
        string FullyQualifiedTypeName,
        string Name,
        string Description,
        EquatableArray<string> Contents,
        EquatableArray<string> Labels,
        string? Owner,
        string? TargetGroupLambda,
        EquatableArray<StepModel> Steps,
        string? Cron,
        string? TimeZone,
        bool Precompiled = true);

    /// <summary>One step. Kind, Recipient and Channels use the values of WorkflowDsl.Rules.StepKind,
    /// WorkflowDsl.Recipient and WorkflowDsl.Channel.</summary>
    internal sealed record StepModel(int Kind, string Key, int Recipient, int Channels, string? TemplateId, long DurationTicks, int Times);

    /// <summary>A [MessageTemplate] method: the registry calls it and builds the template with its id.</summary>
    /// <param name="Id">The attribute's template id.</param>
    /// <param name="FullyQualifiedTypeName">Containing type, "global::Ns.Templates".</param>
    /// <param name="MethodName">The static method's name.</param>
    internal sealed record TemplateModel(string Id, string FullyQualifiedTypeName, string MethodName);

    /// <summary>A location that can live in a cached model.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(Location? location) =>
            location == null || location.SourceTree == null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    /// <summary>A diagnostic found while parsing: rule id (see DiagnosticDescriptors), where, and the message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArgs);

    /// <summary>What parsing one declaration yields: the model when it can be emitted, and the diagnostics.</summary>
    internal sealed record ParseResult<T>(T? Model, EquatableArray<DiagnosticInfo> Diagnostics) where T : class;
}
