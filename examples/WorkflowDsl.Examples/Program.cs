using WorkflowDsl.Examples.Workflows;
using WorkflowDsl.Plan;

// Issue 2: print each example workflow's precompiled plan and diagram. Later issues run them.
WorkflowPlan[] plans =
[
    WorkflowDsl.WorkflowDefinition.BuildFrom(typeof(PrivacyBasicsInvitation)),
    WorkflowDsl.WorkflowDefinition.BuildFrom(typeof(CodeOfConduct)),
    WorkflowDsl.WorkflowDefinition.BuildFrom(typeof(SecurityAwareness)),
    WorkflowDsl.WorkflowDefinition.BuildFrom(typeof(ForkliftSafety)),
];
foreach (var plan in plans)
{
    Console.WriteLine($"== {plan.Id}: {plan.Name}");
    foreach (var step in plan.Steps) Console.WriteLine($"   {step}");
    Console.WriteLine(plan.ToMermaid());
}

// Issue 3: run every example workflow once against the demo organisation (examples/WorkflowDsl.Examples/Demo).
await WorkflowDsl.Examples.Demo.DemoRunner.RunAsync(plans, Path.Combine("data", "demo.db"));
