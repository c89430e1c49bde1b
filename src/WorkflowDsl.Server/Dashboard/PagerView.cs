namespace WorkflowDsl.Server.Dashboard;

/// <summary>Previous/next links of a paged list.</summary>
/// <param name="Label">The pager's accessible name ("Pages of workflows").</param>
/// <param name="Page">The current page, from 1.</param>
/// <param name="Pages">How many pages.</param>
/// <param name="Total">How many items in all.</param>
/// <param name="Link">The address of a page.</param>
internal sealed record PagerView(string Label, int Page, int Pages, int Total, Func<int, string> Link);
