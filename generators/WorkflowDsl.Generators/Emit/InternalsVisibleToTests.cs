// The generator tests check the emitters against hand-built models.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("WorkflowDsl.Generators.Tests")]
