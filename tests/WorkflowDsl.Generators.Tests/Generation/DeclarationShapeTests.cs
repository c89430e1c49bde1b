using Microsoft.CodeAnalysis;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Generators.Tests.Generation;

/// <summary>Workflows declared the ways people write C#: usings inside the namespace, nested classes,
/// Define() in another part of the class. The generated plan compiles cleanly and equals the run-time
/// builder's.</summary>
public class DeclarationShapeTests
{
    private static void AssertPlansMatch(params string[] sources)
    {
        var (driver, output, diagnostics) = CompilationFactory.Run(CompilationFactory.Create(sources, "Shapes"));

        Assert.Empty(diagnostics);
        var problems = CompilationFactory.Problems(output);
        Assert.True(problems.Count == 0, CompilationFactory.Format(problems) + "\n" + string.Join("\n", driver.Sources().Values));
        Assert.True(driver.Sources().Count >= 2, "no workflow file generated");
        var assembly = CompiledAssembly.Load(output);
        var types = assembly.GetTypes().Where(t => t.IsDefined(typeof(WorkflowAttribute), false)).ToList();
        Assert.NotEmpty(types);
        var table = assembly.PlanTable("Shapes.GeneratedWorkflows");
        foreach (var type in types)
        {
            // Classes the registry can name are in its plan table; the others (private nested, generic)
            // carry their plan themselves.
            bool inTable = table.Plans.Any(p => p.Id == type.GetCustomAttributes(typeof(WorkflowAttribute), false).Cast<WorkflowAttribute>().Single().Id);
            var plan = inTable ? table.PlanOf(type) : (WorkflowPlan)CompiledAssembly.GetStatic(assembly, type.FullName!, "Plan")!;
            Assert.Equal(WorkflowDefinition.BuildFrom(type), plan);
        }
    }

    [Fact]
    public void Usings_inside_a_block_namespace() => AssertPlansMatch("""
        namespace Company.Training
        {
            using WorkflowDsl;

            /// <summary>W.</summary>
            [Workflow("inner-usings")]
            public static partial class InnerUsings
            {
                /// <summary>D.</summary>
                public static WorkflowDefinition Define() =>
                    Workflow.Invitation("Inner usings", Channel.Email).ForContents("C-1")
                        .TargetGroup(t => t.Assignees(Assignment.Mandatory).Where(u => u.Country == "FI"));
            }
        }
        """);

    [Fact]
    public void Nested_workflow_class_with_an_alias_using() => AssertPlansMatch("""
        using WorkflowDsl;
        using A = WorkflowDsl.Assignment;

        namespace Company.Training;

        /// <summary>Outer.</summary>
        public static partial class Campaigns
        {
            /// <summary>W.</summary>
            [Workflow("nested-alias")]
            public static partial class Nested
            {
                /// <summary>D.</summary>
                public static WorkflowDefinition Define() =>
                    Workflow.InvitationWithReminder("Nested", 7.Days(), Channel.Email | Channel.Push).ForContents("C-1")
                        .TargetGroup(t => t.Assignees(A.Optional).IncludingInactive());
            }
        }
        """);

    [Fact]
    public void Target_group_through_a_helper_and_a_method_group() => AssertPlansMatch("""
        using WorkflowDsl;
        using WorkflowDsl.Plan;

        namespace Company.Training;

        /// <summary>W.</summary>
        [Workflow("helper-target-group")]
        public static partial class HelperTargetGroup
        {
            private static readonly string s_department = "Sales";

            /// <summary>D.</summary>
            public static WorkflowDefinition Define() =>
                Workflow.Invitation("Helper", Channel.Email).ForContents("C-1")
                    .TargetGroup(t => Narrow(t).Where(u => u.Department == s_department))
                    .TargetGroup(Widen);

            private static TargetGroup Narrow(TargetGroup t) => t.InCountry("FI", "SE");

            private static TargetGroup Widen(TargetGroup t) => t.IncludingInactive();
        }
        """);

    [Fact]
    public void Keyword_names_escaped_with_at_in_a_namespace_and_nested_classes() => AssertPlansMatch("""
        using WorkflowDsl;

        namespace Company.@event.Training;

        /// <summary>Outer.</summary>
        public static partial class @class
        {
            /// <summary>W.</summary>
            [Workflow("keyword-names")]
            public static partial class @static
            {
                /// <summary>D.</summary>
                public static WorkflowDefinition Define() => Workflow.Invitation("Keywords", Channel.Email).ForContents("C-1");
            }
        }
        """);

    [Fact]
    public void Define_in_another_part_of_the_class() => AssertPlansMatch(
        """
        namespace Company.Training;

        /// <summary>W.</summary>
        [WorkflowDsl.Workflow("split-parts")]
        public static partial class Split
        {
        }
        """,
        """
        using WorkflowDsl;
        using static WorkflowDsl.Assignment;

        namespace Company.Training;

        public static partial class Split
        {
            /// <summary>D.</summary>
            public static WorkflowDefinition Define() =>
                Workflow.Named("Split").ForContents("C-1").Invite(Channel.Sms).TargetGroup(t => t.Assignees(Mandatory | Recommended));
        }
        """);
}

/// <summary>What the registry can and cannot reach.</summary>
public class RegistryReachTests
{
    [Fact]
    public void Private_nested_workflow_gets_its_plan_but_stays_out_of_the_registry()
    {
        const string source = """
            using WorkflowDsl;

            namespace Company.Training;

            /// <summary>Outer.</summary>
            public static partial class Outer
            {
                [Workflow("hidden")]
                private static partial class Hidden
                {
                    public static WorkflowDefinition Define() => Workflow.Invitation("Hidden", Channel.Email).ForContents("C-1");
                }

                /// <summary>The hidden plan, through the class.</summary>
                public static WorkflowDsl.Plan.WorkflowPlan HiddenPlan => Hidden.Plan;
            }

            /// <summary>W.</summary>
            [Workflow("visible")]
            public static partial class Visible
            {
                /// <summary>D.</summary>
                public static WorkflowDefinition Define() => Workflow.Invitation("Visible", Channel.Email).ForContents("C-1");
            }
            """;
        var (driver, output, _) = CompilationFactory.Run(CompilationFactory.Create([source], "Reach"));

        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        string table = string.Concat(driver.Sources().Where(s => s.Key.StartsWith("GeneratedWorkflows", StringComparison.Ordinal)).Select(s => s.Value));
        const string visible = "Company.Training.Visible";
        Assert.Contains(visible.Length + ":" + visible, table);
        Assert.DoesNotContain("Hidden", table);
        Assert.True(driver.Sources().Keys.Any(k => k.Contains("Hidden", StringComparison.Ordinal)), "the private workflow still gets its plan");
    }
}
