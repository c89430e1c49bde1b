global using WorkflowDsl.Runtime.Runs;
