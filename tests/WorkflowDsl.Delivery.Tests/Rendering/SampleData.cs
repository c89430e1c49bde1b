using WorkflowDsl.Delivery.Rendering;

namespace WorkflowDsl.Delivery.Tests.Rendering;

/// <summary>Realistic template data for tests.</summary>
internal static class SampleData
{
    public static readonly ContentModel Security = new("SEC-101", "Security awareness <basics> & phishing", "https://learn.example.com/c/SEC-101", new DateOnly(2026, 12, 31));
    public static readonly ContentModel Privacy = new("SEC-102", "Privacy 101", "https://learn.example.com/c/SEC-102");
    public static readonly WorkflowModel Workflow = new("security-awareness", "Security awareness 2026");

    public static TemplateModel ForUser(string locale = "en-GB", string firstName = "Aino") => new(
        new PersonModel(firstName, "Virtanen", "aino.virtanen@example.com", locale), Workflow, [Security, Privacy])
    {
        User = new PersonModel(firstName, "Virtanen", "aino.virtanen@example.com", locale),
        DueDate = new DateOnly(2026, 12, 31),
        UnsubscribeUrl = "https://learn.example.com/u/abc",
    };

    public static TemplateModel ForManager(string locale = "en-GB") => new(
        new PersonModel("Mikko", "Manninen", "mikko.manninen@example.com", locale), Workflow, [Security])
    {
        Users =
        [
            new DigestUserModel("Aino", "Virtanen", "aino@example.com", new DateOnly(2026, 12, 31), [Security]),
            new DigestUserModel("Bob <script>", "Smith", "bob@example.com", null, [Security]),
        ],
        UnsubscribeUrl = "https://learn.example.com/u/def",
    };
}
