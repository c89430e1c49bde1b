using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>WFDSL021 and WFDSL022: the analyzer checks the generator's syntax-only reading against
/// what the compiler binds.</summary>
public class SpellingDiagnosticTests
{
    [Fact]
    public Task WFDSL021_a_type_named_Channel_that_shadows_the_DSLs_is_reported_at_the_step() =>
        VerifyAnalyzerAsync("""
            namespace Company.Training
            {
                public static class Channel
                {
                    public const WorkflowDsl.Channel Email = WorkflowDsl.Channel.Push;
                }

                [Workflow("onboarding")]
                public static partial class Onboarding
                {
                    public static WorkflowDefinition Define() =>
                        Workflow.Named("Onboarding").ForContents("ONB-1").{|WFDSL021:Invite(Channel.Email)|};
                }
            }
            """);

    [Fact]
    public Task WFDSL021_a_BuiltInTemplates_look_alike_is_reported_at_the_step() =>
        VerifyAnalyzerAsync([
            """
            namespace Company.Training
            {
                public static class BuiltInTemplates
                {
                    public const string ReminderId = "invitation";
                }

                [Workflow("onboarding")]
                public static partial class Onboarding
                {
                    public static WorkflowDefinition Define() =>
                        Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email).Wait(7.Days())
                            .{|WFDSL021:Remind(Channel.Email, template: BuiltInTemplates.ReminderId)|};
                }
            }
            """]);

    [Fact]
    public Task WFDSL021_an_accessibility_set_by_another_part_of_the_class_is_reported_at_the_class() =>
        // The part with [Workflow] has no accessibility (a nested class: private, as far as it says), the
        // other part makes the class public: the generator would leave it out of the registry.
        VerifyAnalyzerAsync([
            """
            namespace Company.Training
            {
                public static partial class Campaigns
                {
                    [Workflow("onboarding")]
                    static partial class {|WFDSL021:Onboarding|}
                    {
                        public static WorkflowDefinition Define() =>
                            Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email);
                    }
                }
            }
            """,
            """
            namespace Company.Training
            {
                public static partial class Campaigns
                {
                    public static partial class Onboarding
                    {
                    }
                }
            }
            """]);

    [Fact]
    public Task WFDSL021_is_silent_when_the_part_with_the_attribute_says_the_accessibility() =>
        VerifyAnalyzerAsync([
            """
            namespace Company.Training
            {
                public static partial class Campaigns
                {
                    [Workflow("onboarding")]
                    public static partial class Onboarding
                    {
                        public static WorkflowDefinition Define() =>
                            Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email);
                    }
                }
            }
            """,
            """
            namespace Company.Training
            {
                public static partial class Campaigns
                {
                    static partial class Onboarding
                    {
                    }
                }
            }
            """]);

    [Fact]
    public Task WFDSL021_an_attribute_the_generator_cannot_recognise_by_spelling_is_reported_at_the_class() =>
        VerifyAnalyzerAsync("""
            using Flow = WorkflowDsl.WorkflowAttribute;

            [Flow("onboarding")]
            public static partial class {|WFDSL021:Onboarding|}
            {
                public static WorkflowDefinition Define() =>
                    Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email);
            }
            """);

    [Fact]
    public Task WFDSL021_a_look_alike_Workflow_attribute_the_generator_would_take_is_reported_at_the_class() =>
        VerifyAnalyzerAsync("""
            namespace Company.Jobs
            {
                [System.AttributeUsage(System.AttributeTargets.Class)]
                public sealed class WorkflowAttribute(string name) : System.Attribute
                {
                    public string Name { get; } = name;
                }

                [Workflow("nightly-job")]
                public static partial class {|WFDSL021:Nightly|}
                {
                    public static WorkflowDefinition Define() =>
                        WorkflowDsl.Workflow.Named("Nightly").ForContents("C").Invite(Channel.Email);
                }
            }
            """);

    [Fact]
    public Task WFDSL021_a_template_attribute_the_generator_cannot_recognise_by_spelling_is_reported_at_the_method() =>
        VerifyAnalyzerAsync("""
            using Mt = WorkflowDsl.MessageTemplateAttribute;

            public static class Templates
            {
                [Mt("welcome")]
                public static TemplateDefinition {|WFDSL021:Welcome|}() =>
                    Template.Language("en", c => c.Email("Hi", "Hello").Push("Hi", "Hello").Sms("Hello"));
            }
            """);

    [Fact]
    public Task WFDSL021_is_silent_when_the_DSL_is_fully_qualified_next_to_a_look_alike() =>
        VerifyAnalyzerAsync("""
            namespace Company.Training
            {
                public static class Channel
                {
                    public const WorkflowDsl.Channel Email = WorkflowDsl.Channel.Push;
                }

                [Workflow("onboarding")]
                public static partial class Onboarding
                {
                    public static WorkflowDefinition Define() =>
                        Workflow.Named("Onboarding").ForContents("ONB-1").Invite(WorkflowDsl.Channel.Email);
                }
            }
            """);

    [Fact]
    public Task WFDSL022_a_const_from_a_class_in_another_file_is_reported_at_the_argument() =>
        VerifyAnalyzerAsync([
            Workflow("""Workflow.Named("Onboarding").ForContents({|WFDSL022:Shared.Content|}).Invite(Channel.Email)"""),
            "public static class Shared { public const string Content = \"ONB-1\"; }"]);

    [Fact]
    public Task WFDSL022_a_workflow_id_that_is_not_a_literal_is_reported_at_the_attribute_argument() =>
        VerifyAnalyzerAsync([
            Workflow(ValidChain, id: "{|WFDSL022:Shared.Id|}"),
            "public static class Shared { public const string Id = \"onboarding\"; }"]);

    [Fact]
    public Task WFDSL022_is_silent_for_a_const_declared_in_the_same_file() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named(Name).ForContents(Ids.Content).Invite(Channel.Email)""",
            members: "private const string Name = \"Onboarding\"; private static class Ids { public const string Content = \"ONB-1\"; }"));
}
