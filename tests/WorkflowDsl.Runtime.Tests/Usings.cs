global using WorkflowDsl.Runtime.Tests.Infrastructure;
