using VoiceSite.Data.Entities;

namespace VoiceSite.Voice.Tools;

/// <summary>Runs a model's tool call (both modes): only enabled tools, never throwing, and the turn that records it.</summary>
public static partial class VoiceToolCalls
{
    /// <summary>Runs the call against the session's enabled tools; unknown tools and failures become a failed result.</summary>
    public static async Task<VoiceToolResult> RunAsync(IReadOnlyList<IVoiceTool> enabled, VoiceToolCall call, ILogger logger, CancellationToken cancellationToken)
    {
        var tool = enabled.FirstOrDefault(t => string.Equals(t.Name, call.Name, StringComparison.Ordinal));
        if (tool is null)
        {
            LogUnknown(logger, call.Name);
            return VoiceToolResult.Failed($"There is no tool called {call.Name} here.", $"The AI asked for a tool this scenario does not offer ({Shorten(call.Name, 64)}).");
        }
        try
        {
            var result = await tool.InvokeAsync(call, cancellationToken);
            LogCalled(logger, call.Name, result.Succeeded);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, call.Name, e);
            return VoiceToolResult.Failed("The tool failed.", $"The AI's call to {tool.DisplayName} failed.");
        }
    }

    /// <summary>The tool turn stored in the transcript, with the call and its result.</summary>
    public static Turn TurnFor(VoiceToolCall call, VoiceToolResult result, DateTime startedAt) => new()
    {
        ConversationId = call.ConversationId,
        Role = TurnRole.Tool,
        Mode = call.Mode,
        Text = result.Summary,
        StartedAt = startedAt,
        ToolCall = new TurnToolCall
        {
            CallId = Shorten(call.CallId, 100),
            Name = Shorten(call.Name, 64),
            Arguments = Shorten(call.Arguments, 8000),
            Result = Shorten(result.Output, 8000),
            Succeeded = result.Succeeded,
        },
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool {Tool} called; succeeded {Succeeded}")]
    private static partial void LogCalled(ILogger logger, string tool, bool succeeded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model called {Tool}, which the scenario does not enable")]
    private static partial void LogUnknown(ILogger logger, string tool);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed")]
    private static partial void LogFailed(ILogger logger, string tool, Exception exception);
}
