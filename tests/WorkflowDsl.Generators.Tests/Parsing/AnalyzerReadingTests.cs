using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Parsing;
using WorkflowDsl.Generators.Tests.Infrastructure;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Parsing;

/// <summary>The analyzer's reading: the generator's syntax reader reads ordinary definitions, with the
/// names it relied on bound to the DSL's (no binding of the Define() body), and hands anything it is not
/// sure of, or a name that binds to something else, to the binding parser, so the model and the
/// diagnostics never depend on which reader ran. (These were the lookup reader's tests; the lookup reader
/// is gone.)</summary>
public class AnalyzerReadingTests
{
    private sealed record Readings(WorkflowAnalysis Default, WorkflowAnalysis Bound);

    /// <summary>Each [Workflow] class of the sources, read as the analyzer does and by binding only.</summary>
    private static List<Readings> Read(params string[] sources)
    {
        var compilation = ParserHarness.Compile(sources);
        var result = new List<Readings>();
        foreach (var (declaration, symbol, model) in ParserHarness.WorkflowDeclarations(compilation))
        {
            result.Add(new Readings(
                WorkflowDsl.Generators.Diagnostics.WorkflowAnalyzer.Analyze(declaration, symbol, model, _ => { }, CancellationToken.None),
                WorkflowParser.Analyze(declaration, symbol, model, CancellationToken.None)));
        }
        return result;
    }

    /// <summary>The reading's result with the binding parser's view of the class's static-ness (another
    /// part of the class may say static; the syntax reader reads this part).</summary>
    private static ParseResult<WorkflowModel> Result(Readings reading) => ParserHarness.AsBound(reading.Default.Result, reading.Bound.Result);

    private static string Usings(string source) => "using WorkflowDsl;\n" + source;

    [Fact]
    public void Every_example_workflow_is_read_by_the_syntax_reader_with_the_same_model_as_binding()
    {
        var sources = RepoFiles.ExampleWorkflowSources().Select(s => s.Text).ToArray();
        var readings = Read(sources);

        Assert.True(readings.Count >= 4, "expected the example workflows");
        foreach (var reading in readings)
        {
            Assert.True(reading.Default.ReadBySyntaxReader, "an example workflow fell back to binding: " + reading.Default.Id);
            Assert.NotNull(reading.Default.Result.Model);
            Assert.Equal(reading.Bound.Result, Result(reading));
        }
    }

    [Fact]
    public void Benchmark_corpus_shapes_are_read_by_the_syntax_reader()
    {
        // The shapes of the benchmark's generated corpus (benchmarks/WorkflowDsl.Benchmarks/WorkflowCorpus.cs).
        string[] chains =
        [
            """Workflow.Invitation("Campaign 0", Channel.Email).Describe("Training campaign number 0 for the FI organisation.").ForContents("C-0", "C-1").Labels("training", "area-0").OwnedBy("admin-0").TargetGroup(t => t.Assignees(Assignment.Mandatory | Assignment.Optional).InCountry("FI").Where(u => u.Department == "Dept 0").ExcludingCompleted()).Wait(10.Days()).Remind(Channel.Push, key: "last-call").Schedule("0 8 * * MON-FRI", "Europe/Helsinki")""",
            """Workflow.InvitationWithReminder("Campaign 1", 4.Days(), Channel.Email | Channel.Push).Describe("d").ForContents("C-1").Labels("training", "area-1")""",
            """Workflow.InvitationWithReminders("Campaign 2", 5.Days(), Channel.Sms).Describe("d").ForContents("C-2").Labels("training").TargetGroup(t => t.Assignees(Assignment.Mandatory).InCountry("NO").ExcludingCompleted())""",
            """Workflow.Named("Campaign 7").Describe("d").ForContents("C-7").Labels("training").Invite(Channel.Email | Channel.Sms, template: "custom-invite-7").Wait(10.Days()).Remind(Channel.Email).WaitAndRepeat(2.Weeks(), times: 3).RemindManager(Channel.Email).Wait(2.Days()).NotifyHrPartner(Channel.Email)""",
        ];
        var readings = Read(chains.Select((c, i) => Usings(Workflow(c, id: $"\"campaign-{i}\"", className: $"Campaign{i}"))).ToArray());

        Assert.Equal(chains.Length, readings.Count);
        foreach (var reading in readings)
        {
            Assert.True(reading.Default.ReadBySyntaxReader, "fell back to binding: " + reading.Default.Id);
            Assert.Empty(reading.Default.Result.Diagnostics);
            Assert.Equal(reading.Bound.Result, Result(reading));
        }
    }

    [Fact]
    public void A_const_from_another_file_is_read_by_binding_with_folded_constants()
    {
        const string names = """
            namespace Acme
            {
                public static class Names
                {
                    public const string Prefix = "Onboarding";
                    public const string Content = "ONB-" + "1";
                    public const int Days = 7;
                }
            }
            """;
        string workflow = "using WorkflowDsl;\nusing Acme;\n" + Workflow(
            """Workflow.Named(Names.Prefix + " 2026").Describe(nameof(Names)).ForContents(Names.Content, "ONB-" + "2").Invite(Channel.Email).Wait(Names.Days.Days()).Remind(Channel.Email, key: "re" + "mind")""");

        var reading = Assert.Single(Read(names, workflow));

        // The generator's reader is not sure of a const of another file (the plan is built at start-up,
        // WFDSL022): the analyzer reads the definition by binding it.
        Assert.False(reading.Default.ReadBySyntaxReader);
        var model = Assert.IsType<WorkflowModel>(reading.Default.Result.Model);
        Assert.Equal(("Onboarding 2026", "Names"), (model.Name, model.Description));
        Assert.Equal(["ONB-1", "ONB-2"], model.Contents);
        Assert.Equal(["invite", "wait-7d", "remind"], model.Steps.Select(s => s.Key));
        Assert.Equal(reading.Bound.Result, Result(reading));
    }

    [Fact]
    public void A_user_type_with_the_DSL_names_is_not_taken_for_the_DSL()
    {
        // Workflow.Named(...) here is the user's own method, spelled like the DSL's.
        const string source = """
            using WorkflowDsl;

            namespace Acme
            {
                public static class Workflow
                {
                    public static WorkflowDefinition Named(string name) => WorkflowDsl.Workflow.Named(name);
                }

                [Workflow("onboarding")]
                public static partial class Onboarding
                {
                    public static WorkflowDefinition Define() =>
                        Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email);
                }
            }
            """;

        var reading = Assert.Single(Read(source));

        Assert.False(reading.Default.ReadBySyntaxReader);
        Assert.Null(reading.Default.Result.Model);
        var diagnostic = Assert.Single(reading.Default.Result.Diagnostics);
        Assert.Equal("WFDSL018", diagnostic.Id);
        Assert.Contains("Named", diagnostic.MessageArgs[0], StringComparison.Ordinal);
        Assert.Equal(reading.Bound.Result, Result(reading));
    }

    [Fact]
    public void A_user_extension_method_in_the_target_group_is_not_taken_for_the_DSL_and_is_accepted()
    {
        const string source = """
            using WorkflowDsl;

            public static class MyTargeting
            {
                public static TargetGroup InRegion(this TargetGroup group, string region) => group.InCountry(region);
            }

            [Workflow("onboarding")]
            public static partial class Onboarding
            {
                public static WorkflowDefinition Define() =>
                    Workflow.Named("Onboarding").ForContents("ONB-1").TargetGroup(t => t.InRegion("FI")).Invite(Channel.Email);
            }
            """;

        var reading = Assert.Single(Read(source));

        // InRegion does not bind to a TargetGroup method: the definition is read by binding. Any target
        // group is accepted (the run time takes it from Define()), so no diagnostic.
        Assert.False(reading.Default.ReadBySyntaxReader);
        Assert.Empty(reading.Default.Result.Diagnostics);
        Assert.Equal("t => t.InRegion(\"FI\")", reading.Default.Result.Model!.TargetGroupLambda);
        Assert.Equal(reading.Bound.Result, Result(reading));
    }

    [Fact]
    public void A_local_enum_or_const_shadowing_a_DSL_name_is_resolved_as_the_compiler_does()
    {
        // Inside the class, 'Channel' is the class's own const: Channel.Email is not the DSL's enum member.
        const string source = """
            using WorkflowDsl;

            [Workflow("onboarding")]
            public static partial class Onboarding
            {
                private static class Channel { public const int Email = 1; }

                public static WorkflowDefinition Define() =>
                    Workflow.Named("Onboarding").ForContents("ONB-1").Invite(WorkflowDsl.Channel.Email).Remind(Channel.Email);
            }
            """;

        var reading = Assert.Single(Read(source));

        // Remind(int) does not convert: the compiler reports it; Channel does not bind to the DSL's enum,
        // so the binding reader reads it and finds the call incomplete (no model, no WorkflowDsl diagnostic).
        Assert.False(reading.Default.ReadBySyntaxReader);
        Assert.Null(reading.Default.Result.Model);
        Assert.Equal(reading.Bound.Result, Result(reading));
    }

    [Fact]
    public void Names_resolved_once_for_a_namespace_are_not_reused_where_a_class_or_file_gives_them_another_meaning()
    {
        // Three workflows in one namespace with the same using directives: the first resolves Channel
        // and Days for the namespace; the second declares its own Channel; the third's file declares
        // a file-local Days extension, which wins over WorkflowDsl.Durations there.
        const string plain = """
            using WorkflowDsl;
            namespace Acme;
            [Workflow("first")]
            public static partial class First
            {
                public static WorkflowDefinition Define() =>
                    Workflow.Named("First").ForContents("C").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email);
            }
            """;
        const string ownChannel = """
            using WorkflowDsl;
            namespace Acme;
            [Workflow("second")]
            public static partial class Second
            {
                private static class Channel { public const WorkflowDsl.Channel Email = WorkflowDsl.Channel.Sms; }

                public static WorkflowDefinition Define() =>
                    Workflow.Named("Second").ForContents("C").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email);
            }
            """;
        const string localDays = """
            using WorkflowDsl;
            namespace Acme;
            file static class LocalDurations
            {
                public static TimeSpan Days(this int days) => TimeSpan.FromHours(days);
            }
            [Workflow("third")]
            public static partial class Third
            {
                public static WorkflowDefinition Define() =>
                    Workflow.Named("Third").ForContents("C").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email);
            }
            """;

        var readings = Read(plain, ownChannel, localDays);

        Assert.Equal(3, readings.Count);
        foreach (var reading in readings) Assert.Equal(reading.Bound.Result, Result(reading));
        Assert.True(readings[0].Default.ReadBySyntaxReader);
        Assert.Equal(1, readings[0].Default.Result.Model!.Steps[0].Channels);
        // Second: its own Channel.Email is a const of the DSL's enum type with the value Sms; the syntax
        // reader took Channel for the DSL's enum, which it does not bind to here, so the definition is
        // read by binding (and WFDSL021 says the generator's reading differs).
        Assert.False(readings[1].Default.ReadBySyntaxReader);
        Assert.Equal(4, readings[1].Default.Result.Model!.Steps[0].Channels);
        // Third: 7.Days() is not the DSL's duration here; the binding reader reports it.
        Assert.False(readings[2].Default.ReadBySyntaxReader);
        Assert.Contains(readings[2].Default.Result.Diagnostics, d => d.Id == "WFDSL012");
    }

    [Theory]
    [InlineData("""Workflow.Named("Onboarding").ForContents(Ids.All).Invite(Channel.Email)""", "WFDSL012")]
    [InlineData("""Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Ids.Channels)""", "WFDSL012")]
    [InlineData("""Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email).Wait(TimeSpan.FromDays(Ids.Count))""", "WFDSL012")]
    [InlineData("""Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email).Wait(0.Days())""", "WFDSL003")]
    public void Unsupported_or_non_constant_forms_give_the_same_diagnostic_at_the_same_span(string chain, string id)
    {
        const string ids = """
            public static class Ids
            {
                public static readonly string[] All = ["A"];
                public static Channel Channels = Channel.Email;
                public static int Count = 3;
            }
            """;

        var reading = Assert.Single(Read(Usings(ids + "\n" + Workflow(chain))));

        Assert.Contains(reading.Default.Result.Diagnostics, d => d.Id == id);
        Assert.Equal(reading.Bound.Result, Result(reading));
        // Only rule violations on values the syntax reader reads are found by it.
        Assert.Equal(id == "WFDSL003", reading.Default.ReadBySyntaxReader);
    }

    [Fact]
    public void Arguments_are_mapped_by_name_default_value_and_params_as_the_compiler_does()
    {
        var reading = Assert.Single(Read(Usings(Workflow(
            """Workflow.Named(name: "Onboarding").ForContents().Labels("a", "b", "c").Message(channels: Channel.Sms, recipient: Recipient.Manager, template: "t", key: "k").Invite(Channel.Email, key: "i").Wait(key: "w", duration: (-1).Days())"""))));

        Assert.True(reading.Default.ReadBySyntaxReader);
        Assert.Equal(reading.Bound.Result, Result(reading));
        Assert.NotEmpty(reading.Default.Result.Diagnostics);
    }

    [Fact]
    public void Message_templates_are_read_from_syntax_with_the_same_result_as_binding()
    {
        const string source = """
            using WorkflowDsl;
            using WorkflowDsl.Templates;

            public static class Texts
            {
                public const string Greeting = "Hello {{ user.first_name }}";
            }

            public static class Templates
            {
                [MessageTemplate("custom-invite")]
                public static TemplateDefinition Invite() =>
                    Template.Language("en", c => c
                            .Email("Training: {{ content.title }}", "<p>" + Texts.Greeting + ", please complete {{ content.title }}.</p>")
                            .Push("Training", "Please complete {{ content.title }}.")
                            .Sms(Texts.Greeting + ", please complete {{ content.title }}."))
                        .Language("fi", c => c.Email("Koulutus", "Hei {{ user.first_name }}").Sms("Hei {{ user.nope }}"))
                        .FallbackTo("en");

                [MessageTemplate("not-constant")]
                public static TemplateDefinition NotConstant() =>
                    Template.Language("en", c => c.Sms(Texts.Greeting.ToUpperInvariant()));
            }
            """;
        var compilation = ParserHarness.Compile(source);
        var tree = compilation.SyntaxTrees.First();
        var model = compilation.GetSemanticModel(tree);
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.AttributeLists.Count > 0).ToList();
        Assert.Equal(2, methods.Count);

        var results = methods.Select(m =>
        {
            var symbol = (IMethodSymbol)model.GetDeclaredSymbol(m)!;
            return (Default: TemplateParser.Analyze(m, symbol, model, 3, CancellationToken.None),
                Bound: TemplateParser.Analyze(m, symbol, model, 3, CancellationToken.None, allowSyntax: false));
        }).ToList();

        // The first is read from syntax, with the unknown placeholder reported where binding reports it.
        Assert.True(results[0].Default.ReadBySyntaxReader);
        Assert.Equal("WFDSL014", Assert.Single(results[0].Default.Result.Diagnostics).Id);
        Assert.Equal(results[0].Bound.Result, results[0].Default.Result);
        // The second has a text that is not a constant: the binding reader reports it.
        Assert.False(results[1].Default.ReadBySyntaxReader);
        Assert.Equal("WFDSL012", Assert.Single(results[1].Default.Result.Diagnostics).Id);
        Assert.Equal(results[1].Bound.Result, results[1].Default.Result);
    }
}
