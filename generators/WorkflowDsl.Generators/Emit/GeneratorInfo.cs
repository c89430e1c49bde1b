namespace WorkflowDsl.Generators.Emit
{
    /// <summary>What generated code says about its generator.</summary>
    internal static class GeneratorInfo
    {
        /// <summary>The generator's name.</summary>
        public const string Name = "WorkflowDsl.Generators";

        /// <summary>The generator's version (the assembly's informational version would change with every build).</summary>
        public const string Version = "0.1.0";

        /// <summary>The attribute put on generated members.</summary>
        public const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"" + Name + "\", \"" + Version + "\")]";
    }
}
