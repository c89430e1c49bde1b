using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace WorkflowDsl.Delivery.Rendering;

/// <summary>Builds the Liquid values of a <see cref="TemplateModel"/> with exactly the member names of
/// docs/templates.md (snake_case), so a misspelt member is unknown, not silently empty.</summary>
internal static class TemplateValues
{
    public static void Fill(TemplateContext context, TemplateModel model)
    {
        context.SetValue("recipient", Person(model.Recipient, "recipient"));
        context.SetValue("user", model.User is null ? new AbsentValue("user") : Person(model.User, "user"));
        context.SetValue("workflow", Object(("name", Text(model.Workflow.Name)), ("id", Text(model.Workflow.Id))));
        context.SetValue("content", Content(model.Contents[0], "content"));
        context.SetValue("contents", new ArrayValue(model.Contents.Select((c, i) => Content(c, $"contents[{i}]")).ToArray()));
        context.SetValue("due_date", Date(model.DueDate, "due_date"));
        context.SetValue("users", model.Users is null
            ? new AbsentValue("users")
            : new ArrayValue(model.Users.Select((u, i) => DigestUser(u, $"users[{i}]")).ToArray()));
        context.SetValue("unsubscribe_url", model.UnsubscribeUrl is null ? new AbsentValue("unsubscribe_url") : Text(model.UnsubscribeUrl));
    }

    private static FluidValue Person(PersonModel p, string path) => Object(
        ("first_name", Text(p.FirstName)),
        ("last_name", Text(p.LastName)),
        ("name", Text(p.Name)),
        ("email", p.Email is null ? new AbsentValue(path + ".email") : Text(p.Email)),
        ("locale", p.Locale is null ? new AbsentValue(path + ".locale") : Text(p.Locale)));

    private static FluidValue Content(ContentModel c, string path) => Object(
        ("id", Text(c.Id)),
        ("title", Text(c.Title)),
        ("link", Text(c.Link)),
        ("due_date", Date(c.DueDate, path + ".due_date")));

    private static FluidValue DigestUser(DigestUserModel u, string path) => Object(
        ("first_name", Text(u.FirstName)),
        ("last_name", Text(u.LastName)),
        ("name", Text(u.Name)),
        ("email", u.Email is null ? new AbsentValue(path + ".email") : Text(u.Email)),
        ("due_date", Date(u.DueDate, path + ".due_date")),
        ("contents", new ArrayValue(u.Contents.Select((c, i) => Content(c, $"{path}.contents[{i}]")).ToArray())),
        ("step", Text(u.Step)),
        ("repeat", NumberValue.Create(u.Repeat)));

    // Dates print as ISO 8601 (2026-12-31) in every language: unambiguous, and needs no culture data.
    private static FluidValue Date(DateOnly? date, string path) =>
        date is { } d ? Text(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : new AbsentValue(path);

    private static StringValue Text(string s) => new(s);

    private static DictionaryValue Object(params (string Name, FluidValue Value)[] members)
    {
        var dictionary = new Dictionary<string, FluidValue>(StringComparer.Ordinal);
        foreach (var (name, value) in members) dictionary[name] = value;
        return new DictionaryValue(new FluidValueDictionaryFluidIndexable(dictionary));
    }
}

/// <summary>A documented variable that has no value for this message (no due date, no user in a digest):
/// falsy in conditions, empty as a list, and an error when printed.</summary>
internal sealed class AbsentValue(string path) : FluidValue
{
    public string Path { get; } = path;

    public override FluidValues Type => FluidValues.String;
    public override bool Equals(FluidValue other) => other.IsNil() || other is AbsentValue || (other is StringValue s && s.ToStringValue().Length == 0);
    public override bool ToBooleanValue() => false;
    public override decimal ToNumberValue() => 0;
    public override string ToStringValue() => throw new AbsentValueException(Path);
    public override object ToObjectValue() => null!;
    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) =>
        new(name is "size" ? NumberValue.Zero : new AbsentValue(Path + "." + name));
    public override IEnumerable<FluidValue> Enumerate(TemplateContext context) => [];
    public override ValueTask WriteToAsync(TextWriter writer, TextEncoder encoder, CultureInfo cultureInfo) => throw new AbsentValueException(Path);
    public override int GetHashCode() => Path.GetHashCode(StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is AbsentValue a && a.Path == Path;
}

/// <summary>Thrown when an <see cref="AbsentValue"/> is printed.</summary>
internal sealed class AbsentValueException(string path) : Exception($"'{path}' has no value for this recipient")
{
    public string Path { get; } = path;
}
