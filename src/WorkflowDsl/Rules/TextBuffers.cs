using System;
using System.Text;

namespace WorkflowDsl.Rules
{
    /// <summary>One reusable StringBuilder per thread for the short texts the rules render over and over
    /// (a plan text, a diagram): the source generator renders one of each per workflow on every build, and
    /// a new builder per text, grown as it fills, allocated twice the text it returns.</summary>
    internal static class TextBuffers
    {
        // Texts longer than this get a builder of their own, so the cached one stays small.
        private const int MaxCachedCapacity = 16 * 1024;

        [ThreadStatic]
        private static StringBuilder? t_cached;

        /// <summary>An empty builder: the thread's cached one when it is free, else a new one.</summary>
        public static StringBuilder Acquire(int capacity)
        {
            var cached = t_cached;
            if (cached != null && capacity <= MaxCachedCapacity)
            {
                t_cached = null;
                cached.Clear();
                return cached;
            }
            return new StringBuilder(capacity);
        }

        /// <summary>The builder's text; the builder goes back to the thread's cache.</summary>
        public static string Release(StringBuilder builder)
        {
            string text = builder.ToString();
            if (builder.Capacity <= MaxCachedCapacity) t_cached = builder;
            return text;
        }
    }
}
