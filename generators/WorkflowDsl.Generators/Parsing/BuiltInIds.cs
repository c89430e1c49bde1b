namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The ids of the built-in templates (WorkflowDsl.Templates.BuiltInTemplates, which the generator
    /// cannot reference): the templates every compilation knows, and the seed steps' fallback defaults.</summary>
    internal static class BuiltInIds
    {
        public const string Invitation = "invitation";
        public const string Reminder = "reminder";
        public const string ManagerNotification = "manager-notification";
    }
}
