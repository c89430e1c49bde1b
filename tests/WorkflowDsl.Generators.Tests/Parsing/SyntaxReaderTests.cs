using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Benchmarks;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;

namespace WorkflowDsl.Generators.Tests.Parsing;

/// <summary>The generator's syntax-only reader: sure of every example and benchmark shape, equal to the
/// symbol-based parser whenever it is sure, not sure (never wrong) otherwise, and its table of the DSL's
/// API equal to the DSL by reflection.</summary>
public class SyntaxReaderTests
{
    /// <summary>Every [Workflow] class of the compilation: the parser's model and the syntax reader's reading
    /// (ParserHarness asserts they agree).</summary>
    private static List<(WorkflowModel? Parsed, SyntaxReading? Reading)> Read(Compilation compilation)
    {
        var results = new List<(WorkflowModel?, SyntaxReading?)>();
        foreach (var (declaration, symbol, model) in ParserHarness.WorkflowDeclarations(compilation))
        {
            var parsed = WorkflowParser.Parse(declaration, symbol, model, CancellationToken.None).Model;
            results.Add((parsed, ParserHarness.AssertSyntaxReaderAgrees(declaration, symbol, parsed)));
        }
        return results;
    }

    private static WorkflowModel Sure(params string[] sources)
    {
        var (parsed, reading) = Assert.Single(Read(ParserHarness.Compile(sources)));
        Assert.NotNull(parsed);
        Assert.True(reading!.Model!.Precompiled, "not sure: " + reading.NotSureReason);
        return reading.Model;
    }

    private static SyntaxReading NotSure(params string[] sources)
    {
        var (parsed, reading) = Assert.Single(Read(ParserHarness.Compile(sources)));
        Assert.NotNull(parsed);
        Assert.False(reading!.Model!.Precompiled);
        Assert.NotNull(reading.NotSureReason);
        return reading;
    }

    private static string Workflow(string chain, string members = "", string id = "\"onboarding\"", string usings = "") => $$"""
        {{usings}}
        namespace Company.Training;

        [Workflow({{id}})]
        public static partial class Onboarding
        {
            {{members}}
            public static WorkflowDefinition Define() => {{chain}};
        }
        """;

    [Fact]
    public void Every_example_workflow_is_read_precompiled_and_equal_to_the_parser()
    {
        var compilation = ParserHarness.Compile(RepoFiles.ExampleWorkflowSources().Select(f => f.Text).ToArray());
        var results = Read(compilation);
        Assert.NotEmpty(results);
        Assert.All(results, r =>
        {
            Assert.NotNull(r.Parsed);
            Assert.True(r.Reading!.Model!.Precompiled, "not sure: " + r.Reading.NotSureReason);
            Assert.Equal(r.Parsed, r.Reading.Model);
        });
        // The examples' templates (ids are consts of the same file) are read with their ids.
        var templates = ParserHarness.ParseTemplateResults(compilation).Select(r => r.Model).ToList();
        Assert.NotEmpty(templates);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var read = SyntaxReader.ReadTemplate(method, CancellationToken.None);
                if (read != null) Assert.Contains(read, templates);
            }
        }
    }

    [Fact]
    public void Every_benchmark_corpus_shape_is_read_precompiled_and_equal_to_the_parser()
    {
        // 840 = lcm of the corpus's variations (4, 5, 2, 6, 3, 7, 8): every combination of its shapes.
        var files = WorkflowCorpus.Create(840);
        var compilation = ParserHarness.Compile(files.Select(f => f.Text).ToArray());
        var results = Read(compilation);
        Assert.Equal(840, results.Count);
        Assert.All(results, r =>
        {
            Assert.NotNull(r.Parsed);
            Assert.True(r.Reading!.Model!.Precompiled, "not sure: " + r.Reading.NotSureReason);
            Assert.Equal(r.Parsed, r.Reading.Model);
        });
        // And its templates, and nothing from the unrelated files.
        var trees = compilation.SyntaxTrees.Select(t => SyntaxReader.ReadTree(t, CancellationToken.None)).ToList();
        Assert.Equal(840, trees.Sum(t => t.Workflows.Count));
        Assert.Equal(WorkflowCorpus.TemplateFiles, trees.Sum(t => t.Templates.Count));
        Assert.All(trees.SelectMany(t => t.Templates), t => Assert.StartsWith("custom-invite-", t.Id));
    }

    [Fact]
    public void Written_forms_the_reader_is_sure_of()
    {
        Sure(Workflow(""""""
            global::WorkflowDsl.Workflow.InvitationWithReminders(@"Verbatim ""name""" + " and more", TimeSpan.FromDays(3), WorkflowDsl.Channel.Email | (Channel.Push))
                .Describe(""""Raw "text" """")
                .ForContents("C-1", nameof(Onboarding), nameof(System.String))
                .Labels()
                .OwnedBy(null)
                .TargetGroup((t) => t.Assignees(Assignment.Mandatory).InCountry("FI"))
                .Message(channels: Channel.Sms, recipient: Recipient.HrPartner, template: BuiltInTemplates.ReminderId)
                .Wait(global::WorkflowDsl.Durations.Weeks(2), key: "two-weeks")
                .WaitAndRepeat(System.TimeSpan.FromHours(+5), times: (2))
                .Remind(Channel.Email, key: Key)
                .Wait(Days.Days())
                .RemindManager(Both, "manager-" + "notification")
                .RemoveStep("two-weeks")
                .Schedule("0 8 * * MON", Zone)
            """""", members: """
            private const string Key = "again"; private const int Days = 4; private const Channel Both = Channel.Email | Channel.Push;
            private const string Zone = Zones.Helsinki;
            private static class Zones { public const string Helsinki = "Europe/" + "Helsinki"; }
            """, usings: "using WorkflowDsl.Templates;"));
    }

    [Fact]
    public void Consts_of_another_class_in_the_same_file_are_read()
    {
        var model = Sure(Workflow("Workflow.Named(Names.Name).ForContents(Names.Content).Invite(Channel.Email)", id: "Names.Id")
            + "\npublic static class Names { public const string Id = \"by-const\"; public const string Name = \"N\"; public const string Content = \"C\"; }");
        Assert.Equal("by-const", model.Id);
        Assert.Equal("N", model.Name);
    }

    [Fact]
    public void A_const_declared_in_another_file_is_not_sure()
    {
        var reading = NotSure(Workflow("Workflow.Named(\"X\").ForContents(Shared.Content).Invite(Channel.Email)"),
            "namespace Company.Training; public static class Shared { public const string Content = \"C\"; }");
        Assert.Contains("Shared.Content", reading.NotSureReason);
        Assert.Equal("onboarding", reading.Model!.Id);
    }

    [Fact]
    public void A_workflow_id_that_is_not_a_literal_is_not_sure_and_empty()
    {
        var reading = NotSure(Workflow("Workflow.Named(\"X\").ForContents(\"C\").Invite(Channel.Email)", id: "Shared.Id"),
            "namespace Company.Training; public static class Shared { public const string Id = \"shared-id\"; }");
        Assert.Equal("", reading.Model!.Id);
        Assert.Equal("global::Company.Training.Onboarding", reading.Model.FullyQualifiedTypeName);
        Assert.Equal(["static partial class Onboarding"], reading.Model.TypeDeclarations);
    }

    [Fact]
    public void Computed_values_and_arrays_are_not_sure()
    {
        NotSure(Workflow("Workflow.Named(\"X\").ForContents(new[] { \"C\" }).Invite(Channel.Email)"));
        NotSure(Workflow("Workflow.Named(\"X\").ForContents(\"C\").Invite((Channel)1)"));
        NotSure(Workflow("Workflow.Named($\"X\").ForContents(\"C\").Invite(Channel.Email)"));
    }

    [Fact]
    public void A_rule_error_emits_nothing()
    {
        var compilation = ParserHarness.Compile(Workflow("Workflow.Named(\"X\").ForContents(\"C\").Invite(Channel.Email).Wait(0.Days()).Remind(Channel.Email)"));
        var (parsed, reading) = Assert.Single(Read(compilation));
        Assert.Null(parsed);
        Assert.Null(reading!.Model);
    }

    [Fact]
    public void Trees_without_the_attribute_spellings_are_skipped()
    {
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace N; public static class Helpers { public static int Add(int a, int b) => a + b; }");
        Assert.Same(TreeModels.Empty, SyntaxReader.ReadTree(tree, CancellationToken.None));
    }

    // ---------------------------------------------------------------- the API table

    private static string Kind(Type type) =>
        type == typeof(string) ? nameof(DslValueKind.String)
        : type == typeof(string[]) ? nameof(DslValueKind.Strings)
        : type == typeof(int) ? nameof(DslValueKind.Int)
        : type == typeof(Channel) ? nameof(DslValueKind.Channel)
        : type == typeof(Recipient) ? nameof(DslValueKind.Recipient)
        : type == typeof(TimeSpan) ? nameof(DslValueKind.Duration)
        : type == typeof(Func<TargetGroup, TargetGroup>) ? nameof(DslValueKind.TargetGroupLambda)
        : type.FullName!;

    private static void AssertTableMatches(IReadOnlyDictionary<string, DslMethod> table, IEnumerable<MethodInfo> methods, bool isStatic)
    {
        var real = methods.ToList();
        Assert.Equal(real.Select(m => m.Name).Order(), table.Keys.Order());
        foreach (var method in real)
        {
            // One overload a name: the reader maps arguments by the table, as the compiler would to this one method.
            Assert.Single(real, m => m.Name == method.Name);
            var entry = table[method.Name];
            Assert.Equal(isStatic, entry.IsStatic);
            var parameters = method.GetParameters();
            Assert.Equal(parameters.Select(p => p.Name), entry.Parameters.Select(p => p.Name));
            for (int i = 0; i < parameters.Length; i++)
            {
                var (p, e) = (parameters[i], entry.Parameters[i]);
                Assert.Equal(Kind(p.ParameterType), e.Kind.ToString());
                Assert.Equal(p.IsDefined(typeof(ParamArrayAttribute)), e.IsParams);
                Assert.Equal(p.HasDefaultValue, e.IsOptional);
                if (p.HasDefaultValue) Assert.Equal(p.DefaultValue, e.DefaultValue);
            }
        }
    }

    [Fact]
    public void The_API_table_equals_the_DSL_by_reflection()
    {
        AssertTableMatches(DslApi.StartMethods,
            typeof(Workflow).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(WorkflowDefinition)), isStatic: true);
        AssertTableMatches(DslApi.DefinitionMethods,
            typeof(WorkflowDefinition).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m.ReturnType == typeof(WorkflowDefinition)), isStatic: false);

        Assert.Equal(Enum.GetNames<Channel>().Order(), DslApi.ChannelMembers.Keys.Order());
        Assert.All(Enum.GetValues<Channel>(), c => Assert.Equal((int)c, DslApi.ChannelMembers[c.ToString()]));
        Assert.Equal(Enum.GetNames<Recipient>().Order(), DslApi.RecipientMembers.Keys.Order());
        Assert.All(Enum.GetValues<Recipient>(), r => Assert.Equal((int)r, DslApi.RecipientMembers[r.ToString()]));

        var builtIn = typeof(WorkflowDsl.Templates.BuiltInTemplates).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToList();
        Assert.Equal(builtIn.Select(f => f.Name).Order(), DslApi.BuiltInTemplateIds.Keys.Order());
        Assert.All(builtIn, f => Assert.Equal(f.GetRawConstantValue(), DslApi.BuiltInTemplateIds[f.Name]));

        // The seed templates' steps use the step methods' default templates.
        Assert.Equal(typeof(WorkflowDefinition).GetMethod("Invite")!.GetParameters()[1].DefaultValue, DslApi.DefaultTemplate("Invite"));
        Assert.Equal(typeof(WorkflowDefinition).GetMethod("RemindManager")!.GetParameters()[1].DefaultValue, DslApi.DefaultTemplate("RemindManager"));
    }
}
