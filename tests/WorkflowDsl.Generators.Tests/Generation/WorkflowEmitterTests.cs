using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Generators.Tests.Generation;

/// <summary>The per-workflow file, written from hand-built models (independent of the parser).</summary>
public class WorkflowEmitterTests
{
    [Fact]
    public void Forklift_workflow_file_matches_the_expected_text() =>
        ExpectedText.Matches("ForkliftSafety.g.cs.txt", WorkflowEmitter.Emit(ExampleModels.ForkliftSafety()));

    [Fact]
    public void Workflow_without_target_group_or_schedule_matches_the_expected_text() =>
        ExpectedText.Matches("PrivacyBasicsInvitation.g.cs.txt", WorkflowEmitter.Emit(ExampleModels.PrivacyBasicsInvitation()));

    [Fact]
    public void Generated_files_compile_without_warnings_or_errors_with_xml_docs_on()
    {
        var compilation = CompileExamplesWithEmittedCode(out var generated);

        Assert.Equal(4 + ExampleModels.All().Select(m => PlanTableEmitter.GroupOf(m.FullyQualifiedTypeName)).Distinct().Count() + 1, generated.Count);
        var problems = CompilationFactory.Problems(compilation);
        Assert.True(problems.Count == 0, CompilationFactory.Format(problems));
    }

    [Fact]
    public void Generated_plans_equal_the_run_time_builder_and_diagrams_equal_ToMermaid()
    {
        var assembly = CompiledAssembly.Load(CompileExamplesWithEmittedCode(out _));

        foreach (var model in ExampleModels.All())
        {
            string typeName = model.FullyQualifiedTypeName.Substring("global::".Length);
            var plan = (WorkflowPlan)assembly.GetStatic(typeName, "Plan")!;
            var expected = WorkflowDefinition.BuildFrom(assembly.GetType(typeName, throwOnError: true)!);
            Assert.Equal(expected, plan);
            Assert.Equal(expected.TargetGroup.Filters.Select(f => f.Description), plan.TargetGroup.Filters.Select(f => f.Description));
            Assert.Equal(plan.ToMermaid(), (string)assembly.GetStatic(typeName, "MermaidDiagram")!);
            Assert.Equal(model.Id, (string)assembly.GetStatic(typeName, "WorkflowId")!);
        }
    }

    [Fact]
    public void Nested_workflow_class_in_the_global_namespace_compiles()
    {
        const string source = """
            using WorkflowDsl;

            /// <summary>Outer.</summary>
            public static partial class Outer
            {
                /// <summary>Inner.</summary>
                [Workflow("nested")]
                public static partial class Inner
                {
                    /// <summary>Define.</summary>
                    public static WorkflowDefinition Define() => Workflow.Invitation("Nested", Channel.Email).ForContents("C-1");
                }
            }
            """;
        var model = new WorkflowModel("nested", "", new[] { "public static partial class Outer", "public static partial class Inner" }.ToEquatableArray(),
            "global::Outer.Inner", "Nested", "", new[] { "C-1" }.ToEquatableArray(),
            EquatableArray<string>.Empty, null, null,
            new[] { new StepModel(0, "invite", 0, 1, "invitation", 0, 0) }.ToEquatableArray(), null, null);

        var compilation = CompilationFactory.Create([source, WorkflowEmitter.Emit(model)]);

        Assert.Empty(CompilationFactory.Problems(compilation));
        var assembly = CompiledAssembly.Load(compilation);
        Assert.Equal(WorkflowDefinition.BuildFrom(assembly.GetType("Outer+Inner", true)!), assembly.GetStatic("Outer+Inner", "Plan"));
    }

    [Fact]
    public void Unusual_values_are_emitted_as_valid_literals_and_casts()
    {
        var model = new WorkflowModel("odd", "Odd.Ns", new[] { "static partial class Odd" }.ToEquatableArray(), "global::Odd.Ns.Odd",
            "Name with \"quotes\", \\ backslash,\nnew line, tab\t, \u2028 separator, \uD800 lone surrogate, 😀 and ä",
            "", new[] { "C\"1" }.ToEquatableArray(), EquatableArray<string>.Empty, "owner",
            null,
            new[]
            {
                new StepModel(0, "m", 7, 9, "t", 0, 0),
                new StepModel(1, "d", 0, 0, null, -5, 0),
                new StepModel(2, "r", 0, 0, null, long.MaxValue, -3),
            }.ToEquatableArray(), "* * * * *", null);

        string text = WorkflowEmitter.Emit(model);

        var compilation = CompilationFactory.Create(["namespace Odd.Ns { /// <summary>Odd.</summary>\npublic static partial class Odd { } }", text]);
        Assert.Empty(CompilationFactory.Problems(compilation));
        var plan = (WorkflowPlan)CompiledAssembly.Load(compilation).GetStatic("Odd.Ns.Odd", "Plan")!;
        Assert.Equal(model.Name, plan.Name);
        Assert.Equal(new MessageStep("m", (Recipient)7, (Channel)9, "t"), plan.Steps[0]);
        Assert.Equal(new DelayStep("d", TimeSpan.FromTicks(-5)), plan.Steps[1]);
        Assert.Equal(new DelayAndRepeatStep("r", TimeSpan.FromTicks(long.MaxValue), -3), plan.Steps[2]);
        Assert.Equal(new SchedulePlan("* * * * *", ""), plan.Schedule);
        Assert.Equal(TargetGroupPlan.Default, plan.TargetGroup);
    }

    [Fact]
    public void Precompiled_file_holds_constants_and_one_decode_call_without_usings_or_lambdas()
    {
        string withTargetGroup = WorkflowEmitter.Emit(ExampleModels.ForkliftSafety());
        string withoutTargetGroup = WorkflowEmitter.Emit(ExampleModels.PrivacyBasicsInvitation());

        foreach (var text in new[] { withTargetGroup, withoutTargetGroup })
        {
            Assert.DoesNotContain("using ", text);
            Assert.DoesNotContain("=>", text);
            Assert.DoesNotContain("#", text);
            Assert.Single(text.Split('\n'), line => line.Contains("MermaidDiagram = "));
        }
        Assert.EndsWith(", Define);", withTargetGroup.Split('\n').Single(line => line.Contains("PrecompiledPlan.Decode(")));
        Assert.EndsWith(", null);", withoutTargetGroup.Split('\n').Single(line => line.Contains("PrecompiledPlan.Decode(")));
    }

    private const string NotReadSource = """
        using WorkflowDsl;

        namespace Fallback.Ns
        {
            /// <summary>Ids declared elsewhere.</summary>
            public static class Ids
            {
                /// <summary>An id.</summary>
                public const string Late = "late-bound";
            }

            /// <summary>A workflow the generator could not read.</summary>
            [Workflow("not-read")]
            public static partial class NotRead
            {
                /// <summary>Define.</summary>
                public static WorkflowDefinition Define() =>
                    Workflow.InvitationWithReminder("Not read", 3.Days(), Channel.Email).ForContents("C-1")
                        .TargetGroup(t => t.Where(u => u.Country == "FI"));
            }

            /// <summary>A workflow whose id is not a literal.</summary>
            [Workflow(Ids.Late)]
            public static partial class LateBound
            {
                /// <summary>Define.</summary>
                public static WorkflowDefinition Define() => Workflow.Invitation("Late", Channel.Sms).ForContents("C-2");
            }
        }
        """;

    private static WorkflowModel NotPrecompiled(string id, string type) => new(
        id, "Fallback.Ns", new[] { "public static partial class " + type }.ToEquatableArray(), "global::Fallback.Ns." + type,
        "", "", EquatableArray<string>.Empty, EquatableArray<string>.Empty, null, null,
        EquatableArray<StepModel>.Empty, null, null, Precompiled: false);

    [Fact]
    public void Workflow_the_generator_could_not_read_matches_the_expected_text() =>
        ExpectedText.Matches("NotRead.g.cs.txt", WorkflowEmitter.Emit(NotPrecompiled("not-read", "NotRead")));

    [Fact]
    public void Workflow_whose_id_is_not_a_literal_matches_the_expected_text() =>
        ExpectedText.Matches("LateBound.g.cs.txt", WorkflowEmitter.Emit(NotPrecompiled("", "LateBound")));

    [Fact]
    public void Workflows_the_generator_could_not_read_are_built_at_start_up_by_the_run_time_builder()
    {
        var compilation = CompilationFactory.Create(
            [NotReadSource, WorkflowEmitter.Emit(NotPrecompiled("not-read", "NotRead")), WorkflowEmitter.Emit(NotPrecompiled("", "LateBound"))]);

        var problems = CompilationFactory.Problems(compilation);
        Assert.True(problems.Count == 0, CompilationFactory.Format(problems));
        var assembly = CompiledAssembly.Load(compilation);
        foreach (var (type, id) in new[] { ("Fallback.Ns.NotRead", "not-read"), ("Fallback.Ns.LateBound", "late-bound") })
        {
            var plan = (WorkflowPlan)assembly.GetStatic(type, "Plan")!;
            var expected = WorkflowDefinition.BuildFrom(assembly.GetType(type, throwOnError: true)!);
            Assert.Equal(expected, plan);
            Assert.Equal(id, plan.Id);
            Assert.Equal(id, assembly.GetStatic(type, "WorkflowId"));
            Assert.Equal(plan.ToMermaid(), assembly.GetStatic(type, "MermaidDiagram"));
        }
        Assert.Equal(["u => u.Country == \"FI\""], ((WorkflowPlan)assembly.GetStatic("Fallback.Ns.NotRead", "Plan")!).TargetGroup.Filters.Select(f => f.Description));
        // A literal id stays a constant (usable in attributes and switch cases); a non-literal one is read from the plan.
        Assert.True(assembly.GetType("Fallback.Ns.NotRead")!.GetField("WorkflowId")!.IsLiteral);
        Assert.NotNull(assembly.GetType("Fallback.Ns.LateBound")!.GetProperty("WorkflowId"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ end\\")]
    [InlineData("controls \0 \a \b \f \n \r \t \v \u0001 \u007f \u0085")]
    [InlineData("separators \u2028 \u2029 bidi \u202e zero-width \u200b")]
    [InlineData("surrogates \uD83D\uDE00 lone \uD800 \uDC00 reversed \uDC00\uD800 at end \uD83D")]
    [InlineData("{{ braces }} and {0} and $\"{x}\"")]
    public void String_literal_round_trips_any_string(string value)
    {
        string literal = CSharpLiteral.String(value);

        var expression = SyntaxFactory.ParseExpression(literal);
        Assert.Empty(expression.GetDiagnostics());
        Assert.Equal(SyntaxKind.StringLiteralExpression, expression.Kind());
        Assert.Equal(value, ((Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax)expression).Token.ValueText);
        Assert.DoesNotContain('\n', literal);
        Assert.DoesNotContain('\r', literal);
    }

    [Theory]
    [InlineData("WorkflowDsl.Examples", "WorkflowDsl.Examples")]
    [InlineData("My-App.Core", "My_App.Core")]
    [InlineData("2fast.class", "_2fast.@class")]
    [InlineData("a..b", "a.b")]
    [InlineData("", "WorkflowDsl.Generated")]
    [InlineData(null, "WorkflowDsl.Generated")]
    public void Registry_namespace_is_sanitised_from_the_assembly_name(string? assemblyName, string expected) =>
        Assert.Equal(expected, Names.Namespace(assemblyName, RegistryTarget.FallbackNamespace));

    internal static CSharpCompilation CompileExamplesWithEmittedCode(out List<string> generated)
    {
        // The per-class files (what private nested and generic workflow classes get), and the registry
        // with its plan table (what the others get): both forms, compiled together.
        generated = ExampleModels.All().Select(WorkflowEmitter.Emit).ToList();
        var groups = ExampleModels.All().Select(PlanTableEmitter.Row).GroupBy(r => r.Group).OrderBy(g => g.Key).ToList();
        generated.AddRange(groups.Select(g => PlanTableEmitter.Emit("WorkflowDsl.Examples", g.Key, g.OrderBy(r => r).ToEquatableArray())));
        generated.Add(RegistryEmitter.Emit(new RegistryModel(
            new RegistryTarget("WorkflowDsl.Examples", true, true),
            groups.Select(g => g.Key).ToEquatableArray(),
            ExampleModels.ForkliftTemplates().Select(t => new RegistryTemplate(t.Id, t.FullyQualifiedTypeName, t.MethodName)).ToEquatableArray(),
            Model.EquatableArray<NotGeneratedModel>.Empty)));
        return CompilationFactory.Create([ExampleModels.ForkliftSource, ExampleModels.SeedSource, .. generated], "WorkflowDsl.Examples");
    }
}
