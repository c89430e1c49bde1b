namespace WorkflowDsl.Server.Dashboard;

/// <summary>The links between a workflow's pages.</summary>
/// <param name="Id">The workflow id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Current">The current page: workflow, target-group or results.</param>
internal sealed record WorkflowNavView(string Id, string Name, string Current);
