using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Tests.Generation;

/// <summary>Models of the example workflows built by hand, as the parser should produce them, so the
/// emitter can be checked on its own. Lambda texts are cut from the example sources.</summary>
internal static class ExampleModels
{
    public const string Ns = "WorkflowDsl.Examples.Workflows";
    private const int Message = 0, Delay = 1, Repeat = 2;
    private const int User = 0, Manager = 1, HrPartner = 2;
    private const int Email = 1, Push = 2, Sms = 4;

    public static string ForkliftSource => RepoFiles.Read("examples/WorkflowDsl.Examples/Workflows/ForkliftSafety.cs");
    public static string SeedSource => RepoFiles.Read("examples/WorkflowDsl.Examples/Workflows/SeedWorkflows.cs");

    public static WorkflowModel ForkliftSafety() => new(
        Id: "forklift-safety",
        Namespace: Ns,
        TypeDeclarations: new[] { "public static partial class ForkliftSafety" }.ToEquatableArray(),
        FullyQualifiedTypeName: "global::" + Ns + ".ForkliftSafety",
        Name: "Forklift safety refresher",
        Description: "Warehouse staff hired in 2026 refresh their forklift safety training.",
        Contents: new[] { "FORK-201" }.ToEquatableArray(),
        Labels: new[] { "operations" }.ToEquatableArray(),
        Owner: "admin-nordics",
        TargetGroupLambda: TargetGroupLambda(ForkliftSource, "ForkliftSafety"),
        Steps: new[]
        {
            new StepModel(Message, "invite", User, Email | Sms, "forklift-invitation", 0, 0),
            new StepModel(Delay, "wait-7d", 0, 0, null, TimeSpan.FromDays(7).Ticks, 0),
            new StepModel(Message, "sms-nudge", User, Sms, "forklift-nudge", 0, 0),
            new StepModel(Repeat, "repeat-7d-x2", 0, 0, null, TimeSpan.FromDays(7).Ticks, 2),
            new StepModel(Message, "remind-manager", Manager, Email, "manager-notification", 0, 0),
            new StepModel(Delay, "wait-3d", 0, 0, null, TimeSpan.FromDays(3).Ticks, 0),
            new StepModel(Message, "notify-hr-partner", HrPartner, Email, "forklift-hr-digest", 0, 0),
        }.ToEquatableArray(),
        Cron: "30 7 * * MON",
        TimeZone: "Europe/Stockholm");

    public static WorkflowModel PrivacyBasicsInvitation() => Seed(
        "privacy-basics-invitation", "PrivacyBasicsInvitation", "Privacy basics: invitation",
        "Invites every active employee to the privacy basics course.", ["PRIV-100"], ["compliance"], null,
        [new StepModel(Message, "invite", User, Email | Push, "invitation", 0, 0)], null, null);

    public static WorkflowModel CodeOfConduct() => Seed(
        "code-of-conduct", "CodeOfConduct", "Code of conduct 2026",
        "Mandatory code of conduct training with one reminder.", ["COC-2026"], ["compliance", "hr"],
        TargetGroupLambda(SeedSource, "CodeOfConduct"),
        [
            new StepModel(Message, "invite", User, Email, "invitation", 0, 0),
            new StepModel(Delay, "wait-14d", 0, 0, null, TimeSpan.FromDays(14).Ticks, 0),
            new StepModel(Message, "remind", User, Email, "reminder", 0, 0),
        ], null, null);

    public static WorkflowModel SecurityAwareness() => Seed(
        "security-awareness", "SecurityAwareness", "Security awareness 2026",
        "Security awareness for everyone with a mandatory assignment.", ["SEC-101", "SEC-102"], ["it", "emea"],
        TargetGroupLambda(SeedSource, "SecurityAwareness"),
        [
            new StepModel(Message, "invite", User, Email | Push, "invitation", 0, 0),
            new StepModel(Delay, "wait-30d", 0, 0, null, TimeSpan.FromDays(30).Ticks, 0),
            new StepModel(Message, "remind", User, Email | Push, "reminder", 0, 0),
            new StepModel(Message, "remind-manager", Manager, Email, "manager-notification", 0, 0),
        ], "0 8 * * MON-FRI", "Europe/Helsinki");

    public static IReadOnlyList<WorkflowModel> All() => [CodeOfConduct(), ForkliftSafety(), PrivacyBasicsInvitation(), SecurityAwareness()];

    public static IReadOnlyList<TemplateModel> ForkliftTemplates() =>
    [
        new("forklift-invitation", "global::" + Ns + ".ForkliftTemplates", "Invitation"),
        new("forklift-nudge", "global::" + Ns + ".ForkliftTemplates", "Nudge"),
        new("forklift-hr-digest", "global::" + Ns + ".ForkliftTemplates", "HrDigest"),
    ];

    private static WorkflowModel Seed(string id, string type, string name, string description, string[] contents, string[] labels,
        string? lambda, StepModel[] steps, string? cron, string? timeZone) => new(
        id, Ns, new[] { "public static partial class " + type }.ToEquatableArray(), "global::" + Ns + "." + type,
        name, description, contents.ToEquatableArray(), labels.ToEquatableArray(),
        null, lambda, steps.ToEquatableArray(), cron, timeZone);

    /// <summary>The source text of the lambda passed to TargetGroup(...) in the given class.</summary>
    public static string TargetGroupLambda(string source, string className)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var type = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == className);
        var call = type.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "TargetGroup" });
        return call.ArgumentList.Arguments[0].Expression.ToString();
    }
}
