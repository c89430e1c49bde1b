namespace WorkflowDsl.Generators
{
    /// <summary>The names of the generator's pipeline steps, for the caching tests and for diagnosing
    /// incrementality with <c>trackIncrementalGeneratorSteps</c>.</summary>
    internal static class TrackingNames
    {
        /// <summary>[Workflow] classes parsed into models (null where the definition cannot be emitted).</summary>
        public const string WorkflowParse = nameof(WorkflowParse);
        /// <summary>The workflow models that can be emitted.</summary>
        public const string Workflows = nameof(Workflows);
        /// <summary>[MessageTemplate] methods parsed into models (null where invalid).</summary>
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
