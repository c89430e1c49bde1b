using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace WorkflowDsl.Generators.Tests.Caching;

/// <summary>Walks an object graph through its fields and finds what must never be cached in a
/// pipeline model: symbols, syntax nodes, semantic models and compilations (they keep whole
/// compilations alive and never compare equal across runs).</summary>
internal static class ModelWalker
{
    private static readonly Type[] Banned = [typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Compilation), typeof(SyntaxTree)];

    public static List<string> FindBanned(object? root, string path, HashSet<Type> visitedTypes)
    {
        var found = new List<string>();
        Walk(root, path, found, new HashSet<object>(ReferenceEqualityComparer.Instance), visitedTypes);
        return found;
    }

    private static void Walk(object? value, string path, List<string> found, HashSet<object> seen, HashSet<Type> visitedTypes)
    {
        if (value is null) return;
        var type = value.GetType();
        visitedTypes.Add(type);
        if (Banned.Any(b => b.IsAssignableFrom(type)))
        {
            found.Add(path + ": " + type.FullName);
            return;
        }
        if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return;
        if (!type.IsValueType && !seen.Add(value)) return;

        if (value is IEnumerable sequence and not string)
        {
            int i = 0;
            foreach (var item in sequence) Walk(item, path + "[" + i++ + "]", found, seen, visitedTypes);
        }
        for (var t = type; t != null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer) continue;
                Walk(field.GetValue(value), path + "." + field.Name, found, seen, visitedTypes);
            }
        }
    }
}
