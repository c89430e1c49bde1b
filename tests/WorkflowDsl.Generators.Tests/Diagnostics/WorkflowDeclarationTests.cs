using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>Ids, declarations, constants, schedules and the shapes the generator can follow.</summary>
public class WorkflowDeclarationTests
{
    [Fact]
    public Task WFDSL009_workflow_id_that_is_not_kebab_case_is_reported_at_the_attribute_argument() =>
        VerifyAnalyzerAsync(Workflow(ValidChain, id: """{|WFDSL009:"Onboarding_Flow"|}"""));

    [Fact]
    public Task WFDSL009_kebab_case_id_with_digits_is_silent() =>
        VerifyAnalyzerAsync(Workflow(ValidChain, id: "\"security-awareness-2026\""));

    [Fact]
    public Task WFDSL010_duplicate_workflow_id_is_reported_at_each_attribute_argument() =>
        VerifyAnalyzerAsync([
            Workflow(ValidChain, id: """{|WFDSL010:"onboarding"|}""", className: "First"),
            Workflow(ValidChain, id: """{|WFDSL010:"onboarding"|}""", className: "Second")]);

    [Fact]
    public Task WFDSL010_distinct_workflow_ids_are_silent() =>
        VerifyAnalyzerAsync([
            Workflow(ValidChain, id: "\"onboarding\"", className: "First"),
            Workflow(ValidChain, id: "\"offboarding\"", className: "Second")]);

    [Fact]
    public Task WFDSL012_content_id_from_a_static_field_is_reported_at_the_argument() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents({|WFDSL012:ContentId|}).Invite(Channel.Email)""",
            members: "private static string ContentId = \"C\";"));

    [Fact]
    public Task WFDSL012_duration_from_a_variable_is_reported_at_the_duration() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait({|WFDSL012:Delay|}).Remind(Channel.Email)""",
            members: "private static readonly TimeSpan Delay = TimeSpan.FromDays(7);"));

    [Fact]
    public Task WFDSL012_consts_and_enum_combinations_are_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named(Name).ForContents(ContentId).Invite(Both).Wait(Days.Days()).Remind(Channel.Email, template: BuiltInTemplates.ReminderId)""",
            members: "private const string Name = \"X\"; private const string ContentId = \"C\"; private const int Days = 7; private const Channel Both = Channel.Email | Channel.Push;"));

    [Fact]
    public Task WFDSL015_invalid_cron_is_reported_at_the_cron_argument() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Schedule({|WFDSL015:"0 25 * * *"|}, "UTC")"""));

    [Fact]
    public Task WFDSL015_valid_cron_is_silent() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Schedule("0 8 * * MON-FRI", "Europe/Helsinki")"""));

    [Fact]
    public Task WFDSL016_unknown_time_zone_is_reported_at_the_time_zone_argument() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Schedule("0 8 * * *", {|WFDSL016:"Europe/Helsingfors"|})"""));

    [Fact]
    public Task WFDSL016_IANA_link_names_are_known() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Schedule("@daily", "UTC")"""));

    [Fact]
    public Task WFDSL018_Define_with_statements_is_reported_at_the_first_statement() =>
        VerifyAnalyzerAsync("""
            [Workflow("onboarding")]
            public static partial class Onboarding
            {
                public static WorkflowDefinition Define()
                {
                    {|WFDSL018:var start = Workflow.Named("X");|}
                    return start.ForContents("C").Invite(Channel.Email);
                }
            }
            """);

    [Fact]
    public Task WFDSL018_Define_with_a_single_return_is_followed() =>
        VerifyAnalyzerAsync("""
            [Workflow("onboarding")]
            public static partial class Onboarding
            {
                public static WorkflowDefinition Define()
                {
                    return Workflow.Named("X").ForContents("C").Invite(Channel.Email);
                }
            }
            """);

    [Fact]
    public Task WFDSL018_missing_Define_is_reported_at_the_class_name() =>
        VerifyAnalyzerAsync("""
            [Workflow("onboarding")]
            public static partial class {|WFDSL018:Onboarding|}
            {
            }
            """);

    [Fact]
    public Task WFDSL018_a_helper_method_in_the_chain_is_reported_at_its_call() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").{|WFDSL018:WithInvite()|}""",
            members: "}\npublic static class Helpers { public static WorkflowDefinition WithInvite(this WorkflowDefinition d) => d.Invite(Channel.Email); }\npublic static partial class Onboarding {"));

    [Fact]
    public Task WFDSL018_a_conditional_in_the_chain_is_reported_at_the_conditional() =>
        VerifyAnalyzerAsync(Workflow("""({|WFDSL018:Flag ? Workflow.Named("A") : Workflow.Named("B")|}).ForContents("C").Invite(Channel.Email)""",
            members: "private static bool Flag => true;"));

    [Fact]
    public Task WFDSL018_is_silent_for_a_target_group_lambda_capturing_a_local() =>
        // The run time takes the target group from Define() itself, so the lambda may use its locals
        // (the label argument is still not a constant: WFDSL012).
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C").Invite(Channel.Email)
                        .Labels({|WFDSL012:Pick(out var country)|})
                        .TargetGroup(t => t.InCountry(country))
            """, members: "private static string Pick(out string value) => value = \"FI\";"));

    [Fact]
    public Task WFDSL018_target_group_lambda_with_constants_and_nested_lambdas_is_silent() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C").Invite(Channel.Email)
                        .TargetGroup(t => t.Assignees(Assignment.Mandatory | Assignment.Optional)
                            .InCountry("FI", Country)
                            .Where(u => u.JobTitle == "Operator" && u.Attributes.Any(a => a.Name == "site"))
                            .HiredOnOrAfter(new DateOnly(2026, 1, 1)))
            """, members: "private const string Country = \"SE\";"));

    [Fact]
    public Task WFDSL018_is_silent_for_a_target_group_through_a_helper_or_a_method_group() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).TargetGroup(t => Narrow(t)).TargetGroup(Narrow)""",
            members: "private static TargetGroup Narrow(TargetGroup t) => t.InCountry(\"FI\");"));

    [Fact]
    public Task WFDSL020_workflow_class_that_is_not_partial_is_reported_at_its_name() =>
        VerifyAnalyzerAsync("""
            [Workflow("onboarding")]
            public static class {|WFDSL020:Onboarding|}
            {
                public static WorkflowDefinition Define() => Workflow.Named("X").ForContents("C").Invite(Channel.Email);
            }
            """);

    [Fact]
    public Task WFDSL020_file_local_workflow_class_is_reported_at_its_name() =>
        // The registry and the generated plan live in other files, which cannot name a file-local class.
        VerifyAnalyzerAsync("""
            [Workflow("onboarding")]
            file static partial class {|WFDSL020:Onboarding|}
            {
                public static WorkflowDefinition Define() => Workflow.Named("X").ForContents("C").Invite(Channel.Email);
            }
            """);

    [Fact]
    public Task WFDSL020_template_in_a_file_local_class_is_reported_at_its_name() =>
        VerifyAnalyzerAsync("""
            using WorkflowDsl.Templates;

            file static class Templates
            {
                [MessageTemplate("welcome")]
                public static TemplateDefinition {|WFDSL020:Welcome|}() => Template.Language("en", c => c.Sms("Hi"));
            }
            """);

    [Fact]
    public Task WFDSL020_partial_workflow_nested_in_a_partial_class_is_silent() =>
        VerifyAnalyzerAsync("""
            public partial class Outer
            {
                [Workflow("onboarding")]
                public static partial class Onboarding
                {
                    public static WorkflowDefinition Define() => Workflow.Named("X").ForContents("C").Invite(Channel.Email);
                }
            }
            """);

    [Fact]
    public Task WFDSL020_class_around_a_workflow_that_is_not_partial_is_reported_at_its_name() =>
        VerifyAnalyzerAsync("""
            public static class {|WFDSL020:Outer|}
            {
                [Workflow("onboarding")]
                public static partial class Onboarding
                {
                    public static WorkflowDefinition Define() => Workflow.Named("X").ForContents("C").Invite(Channel.Email);
                }
            }
            """);

    [Fact]
    public Task WFDSL012_channels_from_a_static_field_are_reported_with_the_supported_forms() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite({|#0:Channels|})""",
            members: "private static Channel Channels = Channel.Email;"),
            new DiagnosticResult("WFDSL012", DiagnosticSeverity.Error).WithLocation(0)
                .WithArguments("The channels argument of Invite() must be a compile-time constant: use enum members such as Channel.Email or a combination with |."));

    [Fact]
    public Task WFDSL012_non_constant_duration_message_lists_the_supported_forms() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait({|#0:TimeSpan.FromDays(Days)|}).Remind(Channel.Email)""",
            members: "private static int Days = 7;"),
            new DiagnosticResult("WFDSL012", DiagnosticSeverity.Error).WithLocation(0)
                .WithArguments("The duration argument of Wait() must be a constant duration: write N.Minutes(), N.Hours(), N.Days() or N.Weeks() with a constant integer N, or TimeSpan.FromMinutes/FromHours/FromDays(constant)."));

    [Fact]
    public Task Define_in_another_part_of_the_class_is_followed() =>
        // The analyzer's parser follows Define() into the other file; the generator reads one file at a
        // time, so it is not sure of the definition and the plan is built at start-up (WFDSL022).
        VerifyAnalyzerAsync([
            """
            [Workflow("onboarding")]
            public static partial class {|WFDSL022:Onboarding|}
            {
            }
            """,
            """
            public static partial class Onboarding
            {
                public static WorkflowDefinition Define() => Workflow.Named("X").ForContents("C").Invite(Channel.Email).{|WFDSL007:Wait(1.Days())|};
            }
            """]);

    [Fact]
    public Task DSL_methods_are_recognised_by_symbol_not_by_spelling() =>
        VerifyAnalyzerAsync("""
            using static WorkflowDsl.Workflow;

            [global::WorkflowDsl.Workflow("onboarding")]
            public static partial class Onboarding
            {
                public static WorkflowDefinition Define() =>
                    Named("X").ForContents("C").Invite(Channel.Email).Wait({|WFDSL003:global::WorkflowDsl.Durations.Days(0)|}).Remind(Channel.Email);
            }
            """);

    [Fact]
    public Task WFDSL018_a_look_alike_method_outside_the_DSL_is_reported() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").{|WFDSL018:Invite(Channel.Email, "x", "y", 1)|}""",
            members: "}\npublic static class LookAlike { public static WorkflowDefinition Invite(this WorkflowDefinition d, Channel c, string t, string k, int extra) => d; }\npublic static partial class Onboarding {"));

    [Fact]
    public Task WFDSL015_null_cron_is_reported_as_empty_like_the_run_time_builder_does() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Schedule({|WFDSL015:null!|}, "UTC")"""));
}
