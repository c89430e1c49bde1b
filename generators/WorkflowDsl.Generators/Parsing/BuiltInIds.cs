namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The ids of the built-in templates (WorkflowDsl.Templates.BuiltInTemplates, which the generator
    /// cannot reference): the templates every compilation knows, and the seed steps' fallback defaults.</summary>
    internal static class BuiltInIds
    {
        public const string Invitation = WorkflowDsl.Rules.StepCatalog.InvitationTemplate;
        public const string Reminder = WorkflowDsl.Rules.StepCatalog.ReminderTemplate;
        public const string ManagerNotification = WorkflowDsl.Rules.StepCatalog.ManagerNotificationTemplate;
    }
}
