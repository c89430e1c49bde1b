namespace WorkflowDsl.Generators
{
    /// <summary>The names of the generator's pipeline steps, for the caching tests and for diagnosing
    /// incrementality with <c>trackIncrementalGeneratorSteps</c>.</summary>
    internal static class TrackingNames
    {
        /// <summary>The compilation's syntax trees, one value each (compared by reference: an unchanged file's tree is Cached).</summary>
        public const string SyntaxTrees = nameof(SyntaxTrees);
        /// <summary>Each tree read by the syntax reader into its workflow and template models.</summary>
        public const string TreeRead = nameof(TreeRead);
        /// <summary>[Workflow] classes read into models, from all trees.</summary>
        public const string WorkflowParse = nameof(WorkflowParse);
        /// <summary>The workflow models that can be emitted.</summary>
        public const string Workflows = nameof(Workflows);
        /// <summary>[MessageTemplate] methods read into models, from all trees.</summary>
        public const string TemplateParse = nameof(TemplateParse);
        /// <summary>The template models that can be registered.</summary>
        public const string Templates = nameof(Templates);
        /// <summary>All emittable workflow models, collected for the registry.</summary>
        public const string CollectedWorkflows = nameof(CollectedWorkflows);
        /// <summary>All registrable template models, collected for the registry.</summary>
        public const string CollectedTemplates = nameof(CollectedTemplates);
        /// <summary>The registry target combined with the registry's workflows.</summary>
        public const string RegistryTargetAndWorkflows = nameof(RegistryTargetAndWorkflows);
        /// <summary>Everything the registry model is made from.</summary>
        public const string RegistryInputs = nameof(RegistryInputs);
        /// <summary>The registry's view of all workflows: id and type, sorted.</summary>
        public const string RegistryWorkflows = nameof(RegistryWorkflows);
        /// <summary>The registry's view of all templates: id, type and method, sorted.</summary>
        public const string RegistryTemplates = nameof(RegistryTemplates);
        /// <summary>The registry's namespace and whether WorkflowDsl and DI are referenced.</summary>
        public const string RegistryTarget = nameof(RegistryTarget);
        /// <summary>The registry model, all of the above combined.</summary>
        public const string Registry = nameof(Registry);
    }
}
