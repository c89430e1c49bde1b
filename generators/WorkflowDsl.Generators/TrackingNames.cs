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
        /// <summary>All registrable template models, collected for the registry.</summary>
        public const string CollectedTemplates = nameof(CollectedTemplates);
        /// <summary>One plan-table row per workflow the registry can name.</summary>
        public const string PlanRows = nameof(PlanRows);
        /// <summary>All plan-table rows, collected.</summary>
        public const string CollectedPlanRows = nameof(CollectedPlanRows);
        /// <summary>The plan-table rows grouped by file: one value per group (only an edited workflow's group changes).</summary>
        public const string PlanGroups = nameof(PlanGroups);
        /// <summary>The registry target combined with the plan-table groups that have rows.</summary>
        public const string RegistryTargetAndGroups = nameof(RegistryTargetAndGroups);
        /// <summary>Everything the registry model is made from.</summary>
        public const string RegistryInputs = nameof(RegistryInputs);
        /// <summary>The plan-table groups that have rows, ascending (changes only when a group appears or empties).</summary>
        public const string RegistryPlanGroups = nameof(RegistryPlanGroups);
        /// <summary>The registry's view of all templates: id, type and method, sorted.</summary>
        public const string RegistryTemplates = nameof(RegistryTemplates);
        /// <summary>The registry's namespace and whether WorkflowDsl and DI are referenced.</summary>
        public const string RegistryTarget = nameof(RegistryTarget);
        /// <summary>The [Workflow] classes with errors, which the registry lists as not generated, sorted.</summary>
        public const string NotGenerated = nameof(NotGenerated);
        /// <summary>The registry model, all of the above combined.</summary>
        public const string Registry = nameof(Registry);
    }
}
