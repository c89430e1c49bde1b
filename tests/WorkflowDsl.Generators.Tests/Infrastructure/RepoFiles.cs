namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Files of this repository, found from the test's output folder.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath)).ReplaceLineEndings("\n");

    /// <summary>The example project's workflow sources: (path relative to the repo, text).</summary>
    public static IReadOnlyList<(string Path, string Text)> ExampleWorkflowSources() =>
        Directory.GetFiles(Path.Combine(Root, "examples/WorkflowDsl.Examples/Workflows"), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(Root, p).Replace('\\', '/'), File.ReadAllText(p).ReplaceLineEndings("\n")))
            .ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WorkflowDsl.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("WorkflowDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
