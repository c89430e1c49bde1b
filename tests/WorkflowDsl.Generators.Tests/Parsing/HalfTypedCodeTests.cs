using Microsoft.CodeAnalysis.CSharp;
using System.Collections.Concurrent;
using WorkflowDsl.Generators.Parsing;
using WorkflowDsl.Generators.Tests.Infrastructure;

namespace WorkflowDsl.Generators.Tests.Parsing;

/// <summary>While a developer types, every intermediate text must give diagnostics or nothing, never an exception.</summary>
public class HalfTypedCodeTests
{
    [Theory]
    [InlineData("ForkliftSafety.cs")]
    [InlineData("SeedWorkflows.cs")]
    public void Deleting_tokens_of_an_example_never_makes_a_parser_throw(string file)
    {
        string source = File.ReadAllText(Path.Combine(AnalyzerTestSetup.RepoRoot, "examples", "WorkflowDsl.Examples", "Workflows", file));
        var baseline = ParserHarness.Compile(source);
        var tree = baseline.SyntaxTrees.First();
        // The tokens the parsers read (those of Define() and of the [MessageTemplate] methods); every
        // third one, starting at each offset in turn by file, keeps the test fast on a busy machine.
        int offset = file.Length % 3;
        var tokens = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()
            .SelectMany(m => m.DescendantTokens()).Where((_, i) => i % 3 == offset).ToList();
        var caught = new ConcurrentQueue<string>();
        void Record(Exception e) => caught.Enqueue(e.ToString());
        ParserFailures.Caught += Record;
        try
        {
            foreach (var token in tokens)
            {
                var edited = tree.WithChangedText(tree.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(token.Span, "")));
                var compilation = baseline.ReplaceSyntaxTree(tree, edited);
                ParserHarness.ParseWorkflowResults(compilation);
                ParserHarness.ParseTemplateResults(compilation);
            }
        }
        finally
        {
            ParserFailures.Caught -= Record;
        }

        Assert.Empty(caught);
    }

    [Fact]
    public void Cancellation_is_not_swallowed()
    {
        var compilation = ParserHarness.Compile(WorkflowSources.Workflow(WorkflowSources.ValidChain));
        var tree = compilation.SyntaxTrees.First();
        var declaration = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().Single();
        var model = compilation.GetSemanticModel(tree);
        var symbol = (Microsoft.CodeAnalysis.INamedTypeSymbol)model.GetDeclaredSymbol(declaration)!;

        Assert.ThrowsAny<OperationCanceledException>(() => WorkflowParser.Parse(declaration, symbol, model, new CancellationToken(canceled: true)));
    }
}
