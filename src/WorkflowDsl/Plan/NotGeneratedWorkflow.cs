namespace WorkflowDsl.Plan;

/// <summary>A <c>[Workflow]</c> class the source generator did not generate because its definition has errors.
/// The analyzer reports those errors and they fail the build, unless they were suppressed (for example
/// <c>dotnet_diagnostic.WFDSL003.severity = none</c> in <c>.editorconfig</c>, or <c>#pragma warning disable</c>):
/// then the build succeeds without the workflow, and the registry lists it here so that looking it up says why
/// instead of "not found".</summary>
/// <param name="Id">The workflow id as written in <c>[Workflow("...")]</c> ("" when it is not a string literal).</param>
/// <param name="ClassName">The class's name as <see cref="Type.FullName"/> gives it (<c>Ns.Outer+Broken</c>).</param>
/// <param name="DiagnosticIds">The ids of the errors that stopped it (<c>WFDSL003</c>, ...); empty when the
/// generator could not read the definition at all (the compiler's own errors then say why).</param>
public sealed record NotGeneratedWorkflow(string Id, string ClassName, IReadOnlyList<string> DiagnosticIds)
{
    /// <summary>What is wrong and what to do, naming the workflow, its class and the diagnostic ids.</summary>
    public string Message =>
        $"Workflow '{(Id.Length > 0 ? Id : "?")}' (class {ClassName}) was not generated: its definition has " +
        (DiagnosticIds.Count == 0
            ? "errors the generator could not read past (see the build's errors). "
            : $"error{(DiagnosticIds.Count == 1 ? "" : "s")} {string.Join(", ", DiagnosticIds)}, which the build did not stop on because " +
              $"{(DiagnosticIds.Count == 1 ? "it was" : "they were")} suppressed (for example dotnet_diagnostic.{DiagnosticIds[0]}.severity in .editorconfig, or #pragma warning disable). ") +
        $"Fix the definition (docs/diagnostics/{(DiagnosticIds.Count == 0 ? "README" : DiagnosticIds[0])}.md) and rebuild; until then the workflow does not exist at run time.";

    /// <summary>True when <paramref name="type"/> is this workflow's class.</summary>
    public bool IsClass(Type type) => string.Equals(type?.FullName, ClassName, StringComparison.Ordinal);
}
