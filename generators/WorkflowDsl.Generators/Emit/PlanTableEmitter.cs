using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Emit
{
    /// <summary>One workflow's row in the registry's plan table: which file (group) it is written to, its
    /// class (by its C# name and by the name the run time finds it by), its plan text (null when the
    /// generator could not read the definition: the run time builds that plan) and its Mermaid diagram.</summary>
    internal sealed record PlanRow(int Group, string FullyQualifiedTypeName, string MetadataName, string? PlanText, string Diagram) : IComparable<PlanRow>
    {
        /// <summary>By class name, then (two [Workflow] attributes on parts of one class) by the rest, so the
        /// order is total: rows compare equal exactly when they are equal.</summary>
        public int CompareTo(PlanRow? other)
        {
            if (other == null) return 1;
            int c = string.CompareOrdinal(FullyQualifiedTypeName, other.FullyQualifiedTypeName);
            if (c == 0) c = string.CompareOrdinal(MetadataName, other.MetadataName);
            if (c == 0) c = string.CompareOrdinal(PlanText, other.PlanText);
            if (c == 0) c = string.CompareOrdinal(Diagram, other.Diagram);
            return c != 0 ? c : Group.CompareTo(other.Group);
        }
    }

    /// <summary>The rows of one plan-table file.</summary>
    internal sealed record PlanGroup(int Group, EquatableArray<PlanRow> Rows);

    /// <summary>Writes the registry's plan table: the rows of the workflows the registry can name, split
    /// by a stable hash of the class name into at most <see cref="Groups"/> files, each a part of the
    /// registry class with one string each of their metadata names, plan texts and diagrams.</summary>
    /// <remarks>Why rows in the registry rather than members on each workflow class: every member the
    /// generator adds to a class costs the compiler about 0.1 ms (a constant) to 0.3 ms (a property with
    /// a call) per class, while one more row in a string literal costs almost nothing, so 1,000
    /// workflows compile in a few percent more time instead of +50%. Why groups: Roslyn's driver
    /// handles every generated file on every run, even unchanged ones (about 10 µs or more each), and an
    /// edit re-parses the whole file it changes; with a few dozen files, an edit of one workflow rewrites
    /// and re-parses one small file.</remarks>
    internal static class PlanTableEmitter
    {
        /// <summary>How many files the rows are spread over, at most.</summary>
        public const int Groups = 64;

        /// <summary>The group of a workflow class: FNV-1a of its fully qualified name (stable across
        /// processes, unlike string.GetHashCode), so adding or editing a workflow moves no other row.</summary>
        public static int GroupOf(string fullyQualifiedTypeName) => (int)(Names.StableHash(fullyQualifiedTypeName) % Groups);

        /// <summary>The row for a workflow the registry can name.</summary>
        public static PlanRow Row(WorkflowModel model)
        {
            int group = GroupOf(model.FullyQualifiedTypeName);
            string metadataName = Names.MetadataName(model.Namespace, model.FullyQualifiedTypeName);
            if (!model.Precompiled) return new PlanRow(group, model.FullyQualifiedTypeName, metadataName, null, "");
            var shape = WorkflowEmitter.Shape(model);
            return new PlanRow(group, model.FullyQualifiedTypeName, metadataName, PlanEncoding.Encode(shape), WorkflowEmitter.Mermaid(shape));
        }

        /// <summary>The rows in their groups, groups ascending, each group's rows sorted by class name, a row
        /// that occurs twice (two [Workflow] attributes on parts of one class) kept once. Rows are bucketed
        /// and compared by class name first: hashing every row's plan text and diagram to find duplicates
        /// cost more than the grouping itself.</summary>
        public static List<PlanGroup> Group(ImmutableArray<PlanRow> rows)
        {
            var buckets = new List<PlanRow>?[Groups];
            foreach (var row in rows) (buckets[row.Group] ??= new List<PlanRow>()).Add(row);
            var result = new List<PlanGroup>();
            for (int g = 0; g < Groups; g++)
            {
                var bucket = buckets[g];
                if (bucket == null) continue;
                bucket.Sort();
                int kept = 0;
                for (int i = 0; i < bucket.Count; i++)
                {
                    // The order is total, so equal rows sort next to each other.
                    if (kept == 0 || bucket[kept - 1].CompareTo(bucket[i]) != 0) bucket[kept++] = bucket[i];
                }
                bucket.RemoveRange(kept, bucket.Count - kept);
                result.Add(new PlanGroup(g, bucket.ToEquatableArray()));
            }
            return result;
        }

        /// <summary>The hint name of a group's file.</summary>
        public static string HintName(int group) => "GeneratedWorkflows.Plans" + group.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";

        /// <summary>The suffix of a group's array names.</summary>
        public static string Suffix(int group) => group.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>One group's file: a part of the registry class with the group's types, plan texts and diagrams.</summary>
        /// <param name="registryNamespace">The registry's namespace.</param>
        /// <param name="group">The group.</param>
        /// <param name="rows">The group's rows, sorted by class name.</param>
        public static string Emit(string registryNamespace, int group, EquatableArray<PlanRow> rows)
        {
            string suffix = Suffix(group);
            // Room for the text below (the diagrams' quotes and line ends grow by one character each when escaped).
            int length = 512;
            foreach (var row in rows) length += 24 + row.MetadataName.Length + (row.PlanText?.Length ?? 0) + row.Diagram.Length * 6 / 5;
            var w = new SourceWriter(length);
            w.Line("// <auto-generated/>");
            w.Line("#nullable enable");
            w.Line();
            w.Line("namespace " + registryNamespace);
            w.Open();
            w.Line("static partial class " + RegistryEmitter.ClassName);
            w.Open();
            // The classes' metadata names, plan texts and diagrams of the group as one string literal each
            // (PlanEncoding.PackRows): an array of 2,000 literals cost the compiler several times as much as
            // 128 literals, and 1,000 typeof(...) several points of the compilation (each is a name to bind
            // and a call in the static constructor); the run time finds each class by name in this assembly.
            // Static readonly rather than const: a const string is written to the assembly twice (as the
            // field's constant and where it is used), and the compiler measured slower on it.
            w.LineWithLiteral("private static readonly string s_names" + suffix + " = ", PlanEncoding.PackedPieces(rows.Select(r => (string?)r.MetadataName)), ";");
            w.LineWithLiteral("private static readonly string s_plans" + suffix + " = ", PlanEncoding.PackedPieces(rows.Select(r => r.PlanText)), ";");
            w.LineWithLiteral("private static readonly string s_diagrams" + suffix + " = ", PlanEncoding.PackedPieces(rows.Select(r => (string?)r.Diagram)), ";");
            w.Close();
            w.Close();
            return w.ToString();
        }
    }
}
