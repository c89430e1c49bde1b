using System;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Exceptions the parsers caught instead of crashing the compiler. Nothing observes them in
    /// a build; tests subscribe so that a parser bug fails them instead of vanishing.</summary>
    internal static class ParserFailures
    {
        /// <summary>Called with every exception a parser caught.</summary>
        public static event Action<Exception>? Caught;

        public static void Observe(Exception exception) => Caught?.Invoke(exception);
    }
}
