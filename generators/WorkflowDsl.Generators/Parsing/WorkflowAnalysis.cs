using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>A message step as the analyzer's compilation-wide checks see it (WFDSL017, WFDSL019).</summary>
    internal sealed class MessageStepUse
    {
        public MessageStepUse(string templateId, int recipient, int channels, Location location)
        {
            TemplateId = templateId;
            Recipient = recipient;
            Channels = channels;
            Location = location;
        }

        public string TemplateId { get; }
        public int Recipient { get; }
        public int Channels { get; }
        /// <summary>The template argument, or the step's call when the template was not written.</summary>
        public Location Location { get; }
    }

    /// <summary>The parse result plus what only the analyzer needs: the workflow id and its location
    /// (WFDSL010) and the message steps (WFDSL017, WFDSL019). Holds locations, so it is never cached.</summary>
    internal sealed class WorkflowAnalysis
    {
        public WorkflowAnalysis(ParseResult<WorkflowModel> result, string? id, Location? idLocation, IReadOnlyList<MessageStepUse> messageSteps)
        {
            Result = result;
            Id = id;
            IdLocation = idLocation;
            MessageSteps = messageSteps;
        }

        public ParseResult<WorkflowModel> Result { get; }
        public string? Id { get; }
        public Location? IdLocation { get; }
        public IReadOnlyList<MessageStepUse> MessageSteps { get; }
        /// <summary>True when this is the syntax reader's reading (its names bound to the DSL's), false
        /// when the definition was read by binding it (<see cref="WorkflowParser"/>).</summary>
        public bool ReadBySyntaxReader { get; set; }
    }
}
