using WorkflowDsl.Generators.Tests.Infrastructure;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Parsing;

/// <summary>What the parser hands the emitter: the model mirrors what the run-time builder would build.</summary>
public class WorkflowParserTests
{
    [Fact]
    public void Model_carries_declarations_and_target_group_lambda_verbatim()
    {
        const string source = """
            using WorkflowDsl;
            using Alias = System.String;

            namespace Acme.Training
            {
                using System.Text;

                public partial class Outer
                {
                    [Workflow("onboarding")]
                    internal static partial class Onboarding
                    {
                        public static WorkflowDefinition Define() =>
                            Workflow.Named("Onboarding").Describe("New hires").ForContents("ONB-1").Labels("hr", "emea").OwnedBy("admin-1")
                                .TargetGroup(t => t.InCountry("FI")
                                                   .Where(u => u.Department == "Sales"))
                                .Invite(Channel.Email | Channel.Push);
                    }
                }
            }
            """;
        var model = Assert.Single(ParserHarness.ParseWorkflows(source));
        int lambdaStart = source.IndexOf("t => t.InCountry", StringComparison.Ordinal);
        string lambda = source[lambdaStart..(source.IndexOf("\"Sales\")", StringComparison.Ordinal) + "\"Sales\")".Length)];

        Assert.Equal("Acme.Training", model.Namespace);
        Assert.Equal(["partial class Outer", "static partial class Onboarding"], model.TypeDeclarations);
        Assert.Equal("global::Acme.Training.Outer.Onboarding", model.FullyQualifiedTypeName);
        Assert.Equal(lambda, model.TargetGroupLambda);
        Assert.Equal(("Onboarding", "New hires", "admin-1"), (model.Name, model.Description, model.Owner));
        Assert.Equal(["ONB-1"], model.Contents);
        Assert.Equal(["hr", "emea"], model.Labels);
    }

    [Fact]
    public void RemoveStep_keeps_the_other_steps_keys()
    {
        var model = Assert.Single(ParserHarness.ParseWorkflows(Workflow(
            """Workflow.InvitationWithReminders("X", 7.Days(), Channel.Email).ForContents("C").Remind(Channel.Sms).RemoveStep("remind")""")));

        Assert.Equal(["invite", "wait-7d", "remind-manager", "remind-2"], model.Steps.Select(s => s.Key));
    }

    [Fact]
    public void Omitted_template_uses_the_parameters_default_and_named_arguments_are_read_by_name()
    {
        var model = Assert.Single(ParserHarness.ParseWorkflows(Workflow(
            """Workflow.Named("X").ForContents("C").Invite(key: "first", channels: Channel.Sms).WaitAndRepeat(times: 3, duration: 2.Weeks()).Message(Recipient.HrPartner, Channel.Email, "manager-notification")""")));

        Assert.Equal(("first", "invitation", 4), (model.Steps[0].Key, model.Steps[0].TemplateId, model.Steps[0].Channels));
        Assert.Equal(("repeat-14d-x3", TimeSpan.FromDays(14).Ticks, 3), (model.Steps[1].Key, model.Steps[1].DurationTicks, model.Steps[1].Times));
        Assert.Equal(("message-hr-partner-manager-notification", 2), (model.Steps[2].Key, model.Steps[2].Recipient));
    }

    [Fact]
    public void Model_is_null_when_there_is_an_error_and_present_with_only_warnings()
    {
        var withError = Assert.Single(ParserHarness.ParseWorkflowResults(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.None)""")));
        var withWarning = Assert.Single(ParserHarness.ParseWorkflowResults(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(1.Days())""")));

        Assert.Null(withError.Model);
        Assert.NotNull(withWarning.Model);
        Assert.Equal("WFDSL007", Assert.Single(withWarning.Diagnostics).Id);
    }

    [Theory]
    [InlineData("""Workflow.Named("X").ForContents("C").Invite(""")]
    [InlineData("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(""")]
    [InlineData("""Workflow.Named("X").ForContents(""")]
    [InlineData("""Workflow.Named("X").Invite(Channel.Email).TargetGroup(t => t.""")]
    [InlineData("""Workflow.Named("X").Invite(Channel.Email).Wait(7.)""")]
    [InlineData("""Workflow.Named("X").Invite(Channel.Email).Schedule("0 8 * * *")""")]
    [InlineData("""Workflow.Named("X").Unknown()""")]
    [InlineData("""Workflow""")]
    [InlineData("")]
    public void Half_typed_code_never_throws_and_yields_no_model(string chain)
    {
        var results = ParserHarness.ParseWorkflowResults(Workflow(chain));

        Assert.All(results, r => Assert.Null(r.Model));
    }

    [Fact]
    public void Template_model_names_the_containing_type_and_method()
    {
        var result = Assert.Single(ParserHarness.ParseTemplateResults("namespace Acme;\n" + Template("""Template.Language("en", c => c.Sms("Hi"))""")));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new WorkflowDsl.Generators.Model.TemplateModel("welcome", "global::Acme.Templates", "Welcome"), result.Model);
    }
}
