using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WorkflowDsl.Generators.Emit
{
    /// <summary>Names the generator derives: hint names and the registry's namespace.</summary>
    internal static class Names
    {
        /// <summary>FNV-1a of the text: string.GetHashCode is randomised per process, and generated
        /// names must be the same in every build.</summary>
        public static uint StableHash(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text) hash = unchecked((hash ^ c) * 16777619);
            return hash;
        }

        /// <summary>The name <c>Assembly.GetType</c> finds a non-generic class by ("Ns.Outer+Inner"), from its
        /// namespace as the model spells it and its fully qualified name
        /// ("global::Ns.Outer.Inner"); a keyword escaped with '@' loses the '@', as in metadata.</summary>
        public static string MetadataName(string @namespace, string fullyQualifiedTypeName)
        {
            string types = fullyQualifiedTypeName.StartsWith("global::", System.StringComparison.Ordinal) ? fullyQualifiedTypeName.Substring("global::".Length) : fullyQualifiedTypeName;
            if (@namespace.Length > 0 && types.StartsWith(@namespace + ".", System.StringComparison.Ordinal)) types = types.Substring(@namespace.Length + 1);
            // '@' only ever starts an identifier, so removing every '@' unescapes them all.
            string nested = types.Replace("@", "").Replace('.', '+');
            return @namespace.Length == 0 ? nested : @namespace.Replace("@", "") + "." + nested;
        }

        /// <summary>A hint name from a type name: "global::" dropped, characters a hint name cannot
        /// hold replaced by "_".</summary>
        public static string HintName(string fullyQualifiedTypeName)
        {
            string name = fullyQualifiedTypeName.StartsWith("global::", System.StringComparison.Ordinal)
                ? fullyQualifiedTypeName.Substring("global::".Length)
                : fullyQualifiedTypeName;
            var text = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                text.Append(char.IsLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' ? c : '_');
            }
            return text.Length == 0 ? "_" : text.ToString();
        }

        /// <summary>A valid C# namespace from an assembly name: "My-App.2Core" gives "My_App._2Core";
        /// keywords are prefixed with "@"; <paramref name="fallback"/> when nothing is left.</summary>
        public static string Namespace(string? assemblyName, string fallback)
        {
            if (string.IsNullOrWhiteSpace(assemblyName)) return fallback;
            var parts = new System.Collections.Generic.List<string>();
            foreach (var raw in assemblyName!.Split('.'))
            {
                var part = new StringBuilder(raw.Length + 1);
                foreach (char c in raw)
                {
                    part.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
                }
                if (part.Length == 0) continue;
                if (!SyntaxFacts.IsIdentifierStartCharacter(part[0])) part.Insert(0, '_');
                string identifier = part.ToString();
                if (SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) == SyntaxKind.GlobalKeyword)
                {
                    identifier = "@" + identifier;
                }
                parts.Add(identifier);
            }
            return parts.Count == 0 ? fallback : string.Join(".", parts);
        }

        /// <summary>Orders by id, then by type name, ordinal: the registry's order does not depend on
        /// file order.</summary>
        public static int CompareByIdThenType(string id, string type, string? otherId, string? otherType)
        {
            int byId = string.CompareOrdinal(id, otherId);
            return byId != 0 ? byId : string.CompareOrdinal(type, otherType);
        }

        /// <summary>True when code elsewhere in the assembly (the registry) can name the type: neither
        /// it nor a containing type is private, protected or private protected.</summary>
        public static bool IsVisibleInAssembly(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t != null; t = t.ContainingType)
            {
                switch (t.DeclaredAccessibility)
                {
                    case Accessibility.Private:
                    case Accessibility.Protected:
                    case Accessibility.ProtectedAndInternal:
                        return false;
                }
            }
            return true;
        }
    }
}
