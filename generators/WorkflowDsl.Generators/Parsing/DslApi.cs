using System.Collections.Generic;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>What kind of value a DSL parameter takes, as the syntax reader reads it.</summary>
    internal enum DslValueKind
    {
        /// <summary>string (or string? for a step key).</summary>
        String,
        /// <summary>params string[].</summary>
        Strings,
        /// <summary>int.</summary>
        Int,
        /// <summary>WorkflowDsl.Channel (flags).</summary>
        Channel,
        /// <summary>WorkflowDsl.Recipient.</summary>
        Recipient,
        /// <summary>System.TimeSpan.</summary>
        Duration,
        /// <summary>Func&lt;TargetGroup, TargetGroup&gt;.</summary>
        TargetGroupLambda,
    }

    /// <summary>One parameter of a DSL method.</summary>
    internal sealed class DslParameter
    {
        public DslParameter(string name, DslValueKind kind, bool isOptional = false, string? defaultValue = null)
        {
            Name = name;
            Kind = kind;
            IsOptional = isOptional;
            DefaultValue = defaultValue;
        }

        public string Name { get; }
        public DslValueKind Kind { get; }
        /// <summary>True when the parameter has a default value (<see cref="DefaultValue"/>, a string or null).</summary>
        public bool IsOptional { get; }
        public string? DefaultValue { get; }
        public bool IsParams => Kind == DslValueKind.Strings;
    }

    /// <summary>One DSL method: a static method of WorkflowDsl.Workflow or an instance method of WorkflowDsl.WorkflowDefinition.</summary>
    internal sealed class DslMethod
    {
        public DslMethod(string name, bool isStatic, params DslParameter[] parameters)
        {
            Name = name;
            IsStatic = isStatic;
            Parameters = parameters;
            CallText = name + "()";
        }

        public string Name { get; }

        /// <summary>"Name()", as messages name the call.</summary>
        public string CallText { get; }
        public bool IsStatic { get; }
        public IReadOnlyList<DslParameter> Parameters { get; }

        public int IndexOf(string parameterName)
        {
            for (int i = 0; i < Parameters.Count; i++)
            {
                if (Parameters[i].Name == parameterName) return i;
            }
            return -1;
        }
    }

    /// <summary>The DSL's API as the generator's <see cref="SyntaxReader"/> knows it, by spelling: the one
    /// place that lists method names, parameter names in order, default values and params. A test checks
    /// it against the real WorkflowDsl.Workflow and WorkflowDefinition by reflection, so it cannot drift.</summary>
    internal static class DslApi
    {
        private static DslParameter P(string name, DslValueKind kind) => new DslParameter(name, kind);
        private static DslParameter Optional(string name, DslValueKind kind, string? defaultValue) => new DslParameter(name, kind, true, defaultValue);

        /// <summary>The static methods of WorkflowDsl.Workflow that start a chain.</summary>
        public static readonly IReadOnlyDictionary<string, DslMethod> StartMethods = Index(
            new DslMethod("Named", true, P("name", DslValueKind.String)),
            new DslMethod("Invitation", true, P("name", DslValueKind.String), P("channels", DslValueKind.Channel)),
            new DslMethod("InvitationWithReminder", true, P("name", DslValueKind.String), P("delay", DslValueKind.Duration), P("channels", DslValueKind.Channel)),
            new DslMethod("InvitationWithReminders", true, P("name", DslValueKind.String), P("delay", DslValueKind.Duration), P("channels", DslValueKind.Channel)));

        /// <summary>The instance methods of WorkflowDsl.WorkflowDefinition that continue a chain.</summary>
        public static readonly IReadOnlyDictionary<string, DslMethod> DefinitionMethods = Index(WithStepVerbs(
            new DslMethod("Describe", false, P("description", DslValueKind.String)),
            new DslMethod("ForContents", false, P("contentIds", DslValueKind.Strings)),
            new DslMethod("Labels", false, P("labels", DslValueKind.Strings)),
            new DslMethod("OwnedBy", false, P("ownerId", DslValueKind.String)),
            new DslMethod("TargetGroup", false, P("configure", DslValueKind.TargetGroupLambda)),
            new DslMethod("Schedule", false, P("cron", DslValueKind.String), P("timeZone", DslValueKind.String)),
            new DslMethod("RemoveStep", false, P("key", DslValueKind.String))));

        /// <summary>The given methods and one per step verb of the catalogue.</summary>
        private static DslMethod[] WithStepVerbs(params DslMethod[] methods)
        {
            var all = new List<DslMethod>(methods);
            foreach (var verb in StepCatalog.Verbs) all.Add(StepMethod(verb.MethodName));
            return all.ToArray();
        }

        /// <summary>A step verb's method as the catalogue (<see cref="StepCatalog.Verbs"/>) declares it: each
        /// parameter's kind follows from its name; the template is optional where the verb has a default,
        /// the key always.</summary>
        private static DslMethod StepMethod(string methodName)
        {
            var verb = StepCatalog.Verb(methodName);
            var parameters = new List<DslParameter>();
            foreach (var name in verb.Parameters)
            {
                switch (name)
                {
                    case "recipient": parameters.Add(P(name, DslValueKind.Recipient)); break;
                    case "channels": parameters.Add(P(name, DslValueKind.Channel)); break;
                    case "template":
                        parameters.Add(verb.DefaultTemplate != null ? Optional(name, DslValueKind.String, verb.DefaultTemplate) : P(name, DslValueKind.String));
                        break;
                    case "duration": parameters.Add(P(name, DslValueKind.Duration)); break;
                    case "times": parameters.Add(P(name, DslValueKind.Int)); break;
                    case "key": parameters.Add(Optional(name, DslValueKind.String, null)); break;
                    default: throw new System.InvalidOperationException("The catalogue's parameter '" + name + "' of " + methodName + " has no value kind in DslApi.");
                }
            }
            return new DslMethod(methodName, false, parameters.ToArray());
        }

        /// <summary>WorkflowDsl.Channel's members and values.</summary>
        public static readonly IReadOnlyDictionary<string, int> ChannelMembers = new Dictionary<string, int>(System.StringComparer.Ordinal)
        {
            ["None"] = 0, ["Email"] = 1, ["Push"] = 2, ["Sms"] = 4,
        };

        /// <summary>WorkflowDsl.Recipient's members and values.</summary>
        public static readonly IReadOnlyDictionary<string, int> RecipientMembers = new Dictionary<string, int>(System.StringComparer.Ordinal)
        {
            ["User"] = 0, ["Manager"] = 1, ["HrPartner"] = 2,
        };

        /// <summary>The consts of WorkflowDsl.Templates.BuiltInTemplates (the built-in template ids).</summary>
        public static readonly IReadOnlyDictionary<string, string> BuiltInTemplateIds = new Dictionary<string, string>(System.StringComparer.Ordinal)
        {
            ["InvitationId"] = BuiltInIds.Invitation, ["ReminderId"] = BuiltInIds.Reminder, ["ManagerNotificationId"] = BuiltInIds.ManagerNotification,
        };

        /// <summary>The default template of a step method (Invite, Remind, RemindManager, NotifyHrPartner).</summary>
        public static string DefaultTemplate(string methodName) =>
            DefinitionMethods.TryGetValue(methodName, out var method) && method.IndexOf("template") is int i && i >= 0 && method.Parameters[i].DefaultValue is string value
                ? value
                : SeedTemplates.FallbackTemplate(methodName);

        private static IReadOnlyDictionary<string, DslMethod> Index(params DslMethod[] methods)
        {
            var index = new Dictionary<string, DslMethod>(System.StringComparer.Ordinal);
            foreach (var method in methods) index.Add(method.Name, method);
            return index;
        }
    }
}
