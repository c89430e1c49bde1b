using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>The dispatcher's context: the one storage model (<see cref="WorkflowDbContext"/>, which also
/// holds the dispatcher's tables <c>dispatch_attempts</c>, <c>dispatch_done</c>, <c>dispatch_opt_outs</c>
/// and <c>dispatch_tracking</c>) on the connection <see cref="DispatchDatabase"/> gives it, so one context
/// and one transaction see the outbox, its results and the dispatcher's claims together. It adds nothing
/// to the model: the run engine's migrations create every table it uses.</summary>
public class DispatchDbContext(DbContextOptions<WorkflowDbContext> options) : WorkflowDbContext(options);
