global using WorkflowDsl.Runtime.Runs;
global using WorkflowDsl.Runtime.Storage;
global using Microsoft.Extensions.DependencyInjection;
