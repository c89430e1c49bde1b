using System.Reflection;
using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Diagnostics;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>Every rule id has one descriptor, the documented severity, a help page and a release-tracking entry.</summary>
public class DiagnosticCatalogTests
{
    private static readonly string[] WarningIds = ["WFDSL007", "WFDSL008", "WFDSL013", "WFDSL017", "WFDSL019", "WFDSL025"];
    private static readonly string[] InfoIds = ["WFDSL022"];

    // RuleIds is compiled into both the DSL and the generator (visible to tests): read the DSL's by reflection.
    private static readonly string[] AllRuleIds = typeof(WorkflowDefinition).Assembly.GetType("WorkflowDsl.Rules.RuleIds")!
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();

    public static TheoryData<string> RuleIdValues() => new(AllRuleIds);

    [Theory]
    [MemberData(nameof(RuleIdValues))]
    public void Each_rule_id_has_a_descriptor_with_its_severity_category_and_help_page(string id)
    {
        var descriptor = Assert.Single(DiagnosticDescriptors.All, d => d.Id == id);

        Assert.Equal(WarningIds.Contains(id) ? DiagnosticSeverity.Warning : InfoIds.Contains(id) ? DiagnosticSeverity.Info : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.Equal("WorkflowDsl", descriptor.Category);
        Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.True(File.Exists(Path.Combine(RepoRoot, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
        Assert.Contains(new WorkflowAnalyzer().SupportedDiagnostics, d => d.Id == id);
    }

    /// <summary>Every descriptor the analyzer reports (whatever rule ids exist) links to a page by a path relative
    /// to the package's folder and the repository's root, with no scheme and no host, and that page exists.</summary>
    [Fact]
    public void Every_diagnostic_help_link_opens_a_page_that_exists()
    {
        var descriptors = DiagnosticDescriptors.All.Concat(new WorkflowAnalyzer().SupportedDiagnostics).ToList();
        Assert.True(descriptors.Count >= 22, $"{descriptors.Count} descriptors");
        foreach (var descriptor in descriptors)
        {
            string link = descriptor.HelpLinkUri;
            Assert.False(string.IsNullOrEmpty(link), $"{descriptor.Id} has no help link");
            Assert.False(Uri.TryCreate(link, UriKind.Absolute, out _), $"{descriptor.Id}'s help link '{link}' names a scheme or host");
            Assert.StartsWith("docs/diagnostics/", link);
            Assert.EndsWith("/" + descriptor.Id + ".md", link);
            Assert.True(File.Exists(Path.Combine(RepoRoot, link)), $"{descriptor.Id}'s help link '{link}' opens no file of the repository");
        }
    }

    [Fact]
    public void Analyzer_supports_exactly_the_twenty_seven_rule_ids()
    {
        Assert.Equal(27, AllRuleIds.Length); // WFDSL001-WFDSL025, WFDSL030, WFDSL031
        Assert.Equal(AllRuleIds.Length, new WorkflowAnalyzer().SupportedDiagnostics.Select(d => d.Id).Distinct().Count());
    }
}
