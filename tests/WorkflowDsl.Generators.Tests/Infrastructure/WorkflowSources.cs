namespace WorkflowDsl.Generators.Tests.Infrastructure;

/// <summary>Test sources: a valid workflow whose parts a test replaces to break one rule.</summary>
internal static class WorkflowSources
{
    /// <summary>A [Workflow] class whose Define() returns <paramref name="chain"/>.</summary>
    public static string Workflow(string chain, string id = "\"onboarding\"", string className = "Onboarding", string members = "") => $$"""
        [Workflow({{id}})]
        public static partial class {{className}}
        {
        {{members}}
            public static WorkflowDefinition Define() =>
                {{chain}};
        }
        """;

    /// <summary>A valid chain: contents, invite, wait, remind.</summary>
    public const string ValidChain = """Workflow.Named("Onboarding").ForContents("ONB-1").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email)""";

    /// <summary>A class holding one [MessageTemplate] method returning <paramref name="body"/>.</summary>
    public static string Template(string body, string id = "\"welcome\"") => $$"""
        public static class Templates
        {
            [MessageTemplate({{id}})]
            public static TemplateDefinition Welcome() =>
                {{body}};
        }
        """;
}
