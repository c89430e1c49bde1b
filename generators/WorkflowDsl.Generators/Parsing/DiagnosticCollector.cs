using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Diagnostics;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>Diagnostics found while parsing one declaration.</summary>
    internal sealed class DiagnosticCollector
    {
        private readonly List<DiagnosticInfo> _items = new List<DiagnosticInfo>();

        public bool HasErrors { get; private set; }

        public void Add(DiagnosticDescriptor descriptor, Location? location, string message) => Add(descriptor, location, message, null);

        /// <summary>Adds a diagnostic; <paramref name="suggestedKey"/>, when given, is a second message argument
        /// that the format does not print and the code fix of WFDSL025 reads (the key to write).</summary>
        public void Add(DiagnosticDescriptor descriptor, Location? location, string message, string? suggestedKey)
        {
            var info = LocationInfo.From(location);
            // A seed template's steps share its arguments: one problem there is reported once.
            foreach (var item in _items)
            {
                if (item.Id == descriptor.Id && Equals(item.Location, info)) return;
            }
            _items.Add(new DiagnosticInfo(descriptor.Id, info, new EquatableArray<string>(suggestedKey == null ? new[] { message } : new[] { message, suggestedKey })));
            if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) HasErrors = true;
        }

        public void Add(string ruleId, Location? location, string message, string? suggestedKey = null)
        {
            var descriptor = DiagnosticDescriptors.Find(ruleId);
            if (descriptor != null) Add(descriptor, location, message, suggestedKey);
        }

        public void AddAll(IEnumerable<WorkflowDsl.Rules.RuleViolation> violations, Func<WorkflowDsl.Rules.RuleViolation, Location?> location)
        {
            foreach (var violation in violations) Add(violation.RuleId, location(violation), violation.Message);
        }

        public EquatableArray<DiagnosticInfo> ToArray() => new EquatableArray<DiagnosticInfo>(_items);
    }
}
