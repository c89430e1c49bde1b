using WorkflowDsl.Generators.Tests.Infrastructure;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>The example project's workflows are the documentation users copy: they must stay clean.</summary>
public class ExampleWorkflowTests
{
    [Fact]
    public async Task Every_example_workflow_parses_without_diagnostics()
    {
        string folder = Path.Combine(RepoRoot, "examples", "WorkflowDsl.Examples", "Workflows");
        var files = Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);

        var diagnostics = await AnalyzeAsync(files.Select(f => (f, File.ReadAllText(f))));

        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task Example_workflows_yield_models_with_the_seed_steps()
    {
        string file = Path.Combine(RepoRoot, "examples", "WorkflowDsl.Examples", "Workflows", "SeedWorkflows.cs");
        var models = ParserHarness.ParseWorkflows(File.ReadAllText(file));

        var security = Assert.Single(models, m => m.Id == "security-awareness");
        Assert.Equal(["invite", "wait-30d", "remind", "remind-manager"], security.Steps.Select(s => s.Key));
        Assert.Equal("manager-notification", security.Steps[3].TemplateId);
        Assert.Equal(1, security.Steps[3].Channels);
        Assert.Equal(3, security.Steps[0].Channels);
        Assert.Equal("0 8 * * MON-FRI", security.Cron);
        Assert.Equal("Europe/Helsinki", security.TimeZone);
    }
}
