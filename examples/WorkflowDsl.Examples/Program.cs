using WorkflowDsl.Examples;

// Without arguments: the server (docs/server.md). With --run-once: run every example workflow once against
// a fresh demo database, print the results table, deliver the outbox to files and exit (for scripts).
if (!args.Contains("--run-once"))
{
    await WorkflowDsl.Examples.Hosting.ServerHost.RunAsync(args);
    return 0;
}

// Print each example workflow's precompiled plan and diagram, from the generated registry.
foreach (var plan in GeneratedWorkflows.Plans)
{
    Console.WriteLine($"== {plan.Id}: {plan.Name}");
    foreach (var step in plan.Steps) Console.WriteLine($"   {step}");
    Console.WriteLine(plan.ToMermaid());
}
Console.WriteLine($"{GeneratedWorkflows.Plans.Count} workflows, {GeneratedWorkflows.Templates.Count} code-defined templates.");

// Run, deliver and print through the application entry point (examples/WorkflowDsl.Examples/Demo/RunOnce.cs).
return await WorkflowDsl.Examples.Demo.RunOnce.RunAsync("data");
