// The generator tests check the emitters against hand-built models; the benchmark reads the tracking names.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("WorkflowDsl.Generators.Tests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("WorkflowDsl.Benchmarks")]
