using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceSite.Simulator.Realtime;

/// <summary>
/// The opening line and function calling. A <c>response.create</c> whose instructions hold a line starting
/// <see cref="OpeningMarker"/> is answered with the rest of that line (the AI speaks first, saying the opening line);
/// the <c>end_roleplay</c> tool is called by the rule in <see cref="SimulatedTools"/>; function call outputs are accepted
/// as conversation items.
/// </summary>
internal sealed partial class SimulatedRealtimeSession
{
    public const string OpeningMarker = "Opening line:";

    private SimulatorJournal Journal => _http.RequestServices.GetRequiredService<SimulatorJournal>();

    /// <summary>The words of the next reply and the function call it makes, if any. Called under the lock.</summary>
    private (string Text, SimulatedToolCall? ToolCall) ReplyFor(string? responseInstructions)
    {
        if (responseInstructions is not null)
        {
            var marked = responseInstructions.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith(OpeningMarker, StringComparison.Ordinal));
            if (marked is not null && marked.TrimStart()[OpeningMarker.Length..].Trim() is { Length: > 0 } line)
                return (line, null);
        }
        var last = _items.LastOrDefault(i => i.Role is "user" or "tool");
        if (last?.Role == "user")
        {
            var users = _items.Count(i => i.Role == "user");
            if (SimulatedTools.EndRoleplayArguments(_config.Tools, users, last.Text, _options.CurrentValue.EndRoleplayAfterUserTurns) is { } arguments)
            {
                Journal.Record(SimulatorJournal.RealtimeToolCall);
                return (SimulatedTools.ClosingLine, new SimulatedToolCall(RealtimeEvents.NewId("item"), SimulatedTools.NewCallId(), SimulatedTools.EndRoleplay, arguments));
            }
            var tool = _options.CurrentValue.CallTool;
            if (SimulatedTools.CallsTool(_config.Tools, tool))
            {
                Journal.Record(SimulatorJournal.RealtimeToolCall);
                return ("", new SimulatedToolCall(RealtimeEvents.NewId("item"), SimulatedTools.NewCallId(), tool!, "{}"));
            }
        }
        var messages = _items.Count(i => i.IsMessage);
        var turn = _items.Count(i => i.Role == "assistant") + 1;
        return (SimulatedReply.Compose(responseInstructions ?? _config.Instructions, turn, messages), null);
    }

    /// <summary>Streams the function call item after the reply's words, as Azure does; returns it for <c>response.done</c>.</summary>
    private JsonObject StreamToolCall(SimulatedResponse response, SimulatedToolCall call)
    {
        JsonObject Item(string status, string arguments) => new()
        {
            ["id"] = call.ItemId, ["type"] = "function_call", ["object"] = "realtime.item", ["status"] = status,
            ["name"] = call.Name, ["call_id"] = call.CallId, ["arguments"] = arguments,
        };
        lock (_gate)
            _items.Add(new SimulatedItem(call.ItemId, "function_call", call.Arguments));
        Post(RealtimeEvents.Event("response.output_item.added", new JsonObject { ["response_id"] = response.Id, ["output_index"] = 1, ["item"] = Item("in_progress", "") }));
        Post(RealtimeEvents.Event("conversation.item.added", new JsonObject { ["previous_item_id"] = response.Item.Id, ["item"] = Item("in_progress", "") }));
        Post(RealtimeEvents.Event("response.function_call_arguments.delta", new JsonObject
        {
            ["response_id"] = response.Id, ["item_id"] = call.ItemId, ["output_index"] = 1, ["call_id"] = call.CallId, ["delta"] = call.Arguments,
        }));
        Post(RealtimeEvents.Event("response.function_call_arguments.done", new JsonObject
        {
            ["response_id"] = response.Id, ["item_id"] = call.ItemId, ["output_index"] = 1, ["call_id"] = call.CallId,
            ["name"] = call.Name, ["arguments"] = call.Arguments,
        }));
        Post(RealtimeEvents.Event("response.output_item.done", new JsonObject { ["response_id"] = response.Id, ["output_index"] = 1, ["item"] = Item("completed", call.Arguments) }));
        Post(RealtimeEvents.Event("conversation.item.done", new JsonObject { ["item"] = Item("completed", call.Arguments) }));
        return Item("completed", call.Arguments);
    }

    private void AddFunctionCallOutput(JsonObject item)
    {
        var callId = item["call_id"]?.GetValue<string>() ?? throw new InvalidOperationException("'call_id' is required.");
        var output = item["output"]?.GetValue<string>() ?? "";
        var id = item["id"]?.GetValue<string>() ?? RealtimeEvents.NewId("item");
        string? previous;
        lock (_gate)
        {
            previous = _items.LastOrDefault()?.Id;
            _items.Add(new SimulatedItem(id, "tool", output));
        }
        Journal.RecordRequest("realtime", "conversation.item.create", item.ToJsonString());
        var stored = new JsonObject
        {
            ["id"] = id, ["type"] = "function_call_output", ["object"] = "realtime.item", ["status"] = "completed",
            ["call_id"] = callId, ["output"] = output,
        };
        Post(RealtimeEvents.Event("conversation.item.added", new JsonObject { ["previous_item_id"] = previous, ["item"] = stored }));
        Post(RealtimeEvents.Event("conversation.item.done", new JsonObject { ["previous_item_id"] = previous, ["item"] = stored.DeepClone() }));
    }
}
