using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace WorkflowDsl.Application.Configuration;

/// <summary>A configuration section whose keys are the settable properties of <see cref="OptionsType"/>.
/// <c>AddWorkflowDsl</c> registers the sections it reads (<c>WorkflowDsl</c>, <c>WorkflowDsl:Delivery</c>,
/// <c>WorkflowDsl:Delivery:Dispatch</c>); a library that reads another section below <c>WorkflowDsl</c>
/// registers it as a singleton too, so that its keys are not reported as misspelt.</summary>
/// <param name="Path">The section's path, such as <c>WorkflowDsl:Server</c>.</param>
/// <param name="OptionsType">The options class bound to it, or <see langword="null"/> for a section that
/// this application does not read (its keys are then not checked).</param>
public sealed record SettingsSection(string Path, Type? OptionsType);

/// <summary>Finds keys below <c>WorkflowDsl</c> that no options class reads: a misspelt key would
/// otherwise be ignored silently and the default used. Each problem names the key and the closest
/// valid one (or the valid keys at that level).</summary>
public static class SettingNames
{
    /// <summary>The keys under <paramref name="root"/> in <paramref name="configuration"/> that no
    /// section of <paramref name="sections"/> reads, each as a sentence naming the key and what to write instead.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="root">The root section, <c>WorkflowDsl</c>.</param>
    /// <param name="sections">The sections the application reads.</param>
    public static IReadOnlyList<string> Unknown(IConfiguration configuration, string root, IEnumerable<SettingsSection> sections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var known = new Dictionary<string, Type?>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in sections)
        {
            // A section registered with its options type wins over one only reserved (type null).
            if (section.OptionsType is not null || !known.ContainsKey(section.Path)) known[section.Path] = section.OptionsType;
        }
        var problems = new List<string>();
        var start = configuration.GetSection(root);
        if (known.TryGetValue(root, out var type) && type is not null) CheckObject(start, root, type, known, problems);
        return problems;
    }

    private static void CheckObject(IConfigurationSection section, string path, Type type, Dictionary<string, Type?> known, List<string> problems)
    {
        var properties = BindableProperties(type);
        foreach (var child in section.GetChildren())
        {
            string childPath = path + ":" + child.Key;
            if (known.TryGetValue(childPath, out var sectionType))
            {
                if (sectionType is not null) CheckObject(child, childPath, sectionType, known, problems);
                continue;
            }

            if (!properties.TryGetValue(child.Key, out var property))
            {
                var names = properties.Keys.Concat(known.Keys.Where(k => IsChildOf(k, path)).Select(k => k[(path.Length + 1)..])).Order(StringComparer.Ordinal).ToList();
                string? closest = Closest(child.Key, names);
                problems.Add(closest is not null
                    ? $"{childPath} is not a setting: did you mean {path}:{closest}? Rename the key (settings are read by name; a misspelt one would be ignored and the default used)."
                    : $"{childPath} is not a setting: the settings of {path} are {string.Join(", ", names)}. Remove the key or rename it to one of them.");
                continue;
            }

            CheckValue(child, childPath, property.PropertyType, known, problems);
        }
    }

    private static void CheckValue(IConfigurationSection section, string path, Type type, Dictionary<string, Type?> known, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsLeaf(type))
        {
            var children = section.GetChildren().Select(c => c.Key).ToList();
            if (children.Count > 0)
                problems.Add($"{path} is a single value, not a section: remove {string.Join(", ", children.Select(c => path + ":" + c))} and set {path} itself.");
            return;
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = ElementType(type);
            if (element is not null && !IsLeaf(Nullable.GetUnderlyingType(element) ?? element))
            {
                foreach (var item in section.GetChildren()) CheckObject(item, path + ":" + item.Key, element, known, problems);
            }
            return;
        }

        CheckObject(section, path, type, known, problems);
    }

    private static Dictionary<string, PropertyInfo> BindableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && !typeof(Delegate).IsAssignableFrom(p.PropertyType)
                        && (p.SetMethod?.IsPublic == true || !IsLeaf(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)))
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(Uri)
        || type == typeof(TimeOnly) || type == typeof(DateOnly);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d
            && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null) return dictionary.GetGenericArguments()[1];
        var enumerable = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static bool IsChildOf(string candidate, string path) =>
        candidate.Length > path.Length + 1 && candidate.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)
        && candidate.IndexOf(':', path.Length + 1) < 0;

    /// <summary>The name nearest to <paramref name="key"/> by edit distance (ignoring case), when it is near
    /// enough to be a misspelling: at most a third of the key's length, and at least 2 edits allowed.</summary>
    private static string? Closest(string key, IReadOnlyList<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var name in names)
        {
            int distance = Distance(key.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
