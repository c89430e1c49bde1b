using System.Reflection;

namespace WorkflowDsl.Templates;

/// <summary>Builds a code-defined template whose id the source generator could not read at compile time
/// (an id that is not a string literal): the generated registry passes the one [MessageTemplate] method,
/// and the id is read from that method's attribute. No assembly is scanned.</summary>
public static class TemplateAttributes
{
    /// <summary>Calls <paramref name="method"/> and builds its template with the id of its
    /// <see cref="MessageTemplateAttribute"/>.</summary>
    /// <param name="method">A static [MessageTemplate] method, as a method group.</param>
    /// <returns>The built template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The method has no [MessageTemplate] attribute.</exception>
    public static MessageTemplate Build(Func<TemplateDefinition> method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var attribute = method.Method.GetCustomAttribute<MessageTemplateAttribute>()
            ?? throw new InvalidOperationException("Method '" + method.Method.DeclaringType?.FullName + "." + method.Method.Name + "' has no [MessageTemplate] attribute.");
        return method().Build(attribute.Id);
    }
}
