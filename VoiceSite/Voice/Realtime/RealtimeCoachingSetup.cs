// Experimental GA realtime client types (see RealtimeConnector).
#pragma warning disable OPENAI002

using OpenAI.Realtime;
using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// The coaching additions to a realtime session: input noise reduction, semantic VAD eagerness and the scenario's tools
/// in <c>session.update</c>; the <c>response.create</c> that makes the AI speak first.
/// </summary>
internal static class RealtimeCoachingSetup
{
    /// <summary>Ends the instructions of the opening response; the simulator speaks the rest of that line.</summary>
    public const string OpeningMarker = "Opening line:";

    public static RealtimeConversationSessionOptions Apply(RealtimeConversationSessionOptions options, ConversationSnapshot conversation)
    {
        var coaching = conversation.Coaching;
        var input = options.AudioOptions?.InputAudioOptions;
        if (input is not null && coaching.NoiseReduction != NoiseReductionKind.Off)
        {
            input.NoiseReduction = new RealtimeNoiseReduction(coaching.NoiseReduction == NoiseReductionKind.FarField
                ? RealtimeNoiseReductionKind.FarField
                : RealtimeNoiseReductionKind.NearField);
        }
        if (input?.TurnDetection is RealtimeSemanticVadTurnDetection semantic)
        {
            semantic.EagernessLevel = coaching.Eagerness switch
            {
                SemanticEagerness.Low => RealtimeSemanticVadEagernessLevel.Low,
                SemanticEagerness.Medium => RealtimeSemanticVadEagernessLevel.Medium,
                SemanticEagerness.High => RealtimeSemanticVadEagernessLevel.High,
                _ => RealtimeSemanticVadEagernessLevel.Auto,
            };
        }
        foreach (var tool in coaching.Tools)
        {
            options.Tools.Add(new RealtimeFunctionTool(tool.Name)
            {
                FunctionDescription = tool.Description,
                FunctionParameters = tool.ParametersSchema,
            });
        }
        if (coaching.Tools.Count > 0)
            options.ToolChoice = new RealtimeToolChoice(RealtimeDefaultToolChoice.Auto);
        return options;
    }

    /// <summary>The <c>response.create</c> at the start of a new conversation: the scenario's instructions and the opening line.</summary>
    public static RealtimeResponseOptions OpeningResponse(ConversationSnapshot conversation) => new()
    {
        // A response's instructions replace the session's for that response: the scenario's come first.
        Instructions = $"""
            {conversation.Instructions}

            Start the conversation now: you speak first, in character, before the learner has said anything.
            Open with this line, adapting it only where it would not sound natural.
            {OpeningMarker} {conversation.Coaching.OpeningLine.Trim()}
            """,
    };
}
