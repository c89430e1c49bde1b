global using WorkflowDsl.Generators.Model;
global using WorkflowDsl.Generators.Tests.Infrastructure;
