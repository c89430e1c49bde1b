namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Compares generated text with an expected file under tests/WorkflowDsl.Generators.Tests/Generation/Expected.
/// Set WORKFLOWDSL_UPDATE_EXPECTED=1 to rewrite the files from the actual text (then review the diff).</summary>
public static class ExpectedText
{
    public static string Folder => Path.Combine(RepoFiles.Root, "tests/WorkflowDsl.Generators.Tests/Generation/Expected");

    public static void Matches(string fileName, string actual)
    {
        string path = Path.Combine(Folder, fileName);
        if (Environment.GetEnvironmentVariable("WORKFLOWDSL_UPDATE_EXPECTED") == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"Missing expected file {path}; run with WORKFLOWDSL_UPDATE_EXPECTED=1 to create it.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }
}
