using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Model;

namespace WorkflowDsl.Generators.Parsing
{
    /// <summary>The texts of one channel of one language of a template.</summary>
    internal sealed class TemplateChannelText
    {
        public TemplateChannelText(string language, int channel, string text)
        {
            Language = language;
            Channel = channel;
            Text = text;
        }

        public string Language { get; }
        /// <summary>Channel flag: 1 email, 2 push, 4 SMS.</summary>
        public int Channel { get; }
        /// <summary>All the channel's texts joined (subject and body, title and body).</summary>
        public string Text { get; }
    }

    /// <summary>The parse result plus what only the analyzer needs: the template's id and texts.</summary>
    internal sealed class TemplateAnalysis
    {
        public TemplateAnalysis(ParseResult<TemplateModel> result, string? id, Location? idLocation, IReadOnlyList<TemplateChannelText> texts)
        {
            Result = result;
            Id = id;
            IdLocation = idLocation;
            Texts = texts;
        }

        public ParseResult<TemplateModel> Result { get; }
        /// <summary>True when the calls and texts were read from syntax (the names relied on bound), false when by binding.</summary>
        public bool ReadBySyntaxReader { get; set; }
        public string? Id { get; }
        /// <summary>Where the id is written (the attribute argument), for compilation-wide checks.</summary>
        public Location? IdLocation { get; }
        public IReadOnlyList<TemplateChannelText> Texts { get; }
    }
}
