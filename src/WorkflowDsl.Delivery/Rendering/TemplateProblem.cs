namespace WorkflowDsl.Delivery.Rendering;

/// <summary>Why a template text cannot be rendered: which template, language, channel text and variable.</summary>
/// <param name="Id">Stable id: <see cref="TemplateProblemIds"/>.</param>
/// <param name="TemplateId">The template id.</param>
/// <param name="Language">The language variant.</param>
/// <param name="Text">Which text: "email subject", "email body", "push title", "push body" or "SMS text".</param>
/// <param name="Variable">The variable path concerned, if any.</param>
/// <param name="Detail">What is wrong and what to do.</param>
public sealed record TemplateProblem(string Id, string TemplateId, string Language, string Text, string? Variable, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Id}: template '{TemplateId}' ({Language}, {Text}){(Variable is null ? "" : $", variable '{Variable}'")}: {Detail}";
}

/// <summary>The ids of <see cref="TemplateProblem"/>s.</summary>
public static class TemplateProblemIds
{
    /// <summary>A placeholder names a variable or member that does not exist.</summary>
    public const string UnknownVariable = "WFDLV001";
    /// <summary>A printed variable has no value for this recipient.</summary>
    public const string NoValue = "WFDLV002";
    /// <summary>The text is not valid Liquid, or uses an unknown filter.</summary>
    public const string Syntax = "WFDLV003";
    /// <summary>Neither the chosen language nor the fallback has a text for the channel.</summary>
    public const string MissingText = "WFDLV004";
    /// <summary>The text includes or renders another file (<c>{% include %}</c>, <c>{% render %}</c>), which is refused.</summary>
    public const string FileRefused = "WFDLV005";
    /// <summary>The render hit a limit of <see cref="RenderingOptions"/>: steps, nesting depth, output size or time.</summary>
    public const string Limit = "WFDLV006";
}

/// <summary>A template could not be rendered for a message; <see cref="Problem"/> says where and why.</summary>
public sealed class TemplateRenderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TemplateRenderException(TemplateProblem problem, Exception? inner = null) : base(problem.ToString(), inner) => Problem = problem;

    /// <summary>The problem.</summary>
    public TemplateProblem Problem { get; }
}
