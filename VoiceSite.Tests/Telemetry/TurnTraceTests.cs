using System.Diagnostics;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Telemetry;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Telemetry;

/// <summary>
/// Issue 14, item 3: a turn is one trace, from the end of the user's speech until its rows are stored: the upstream
/// calls (pipeline: HttpClient's spans for chat and text to speech; realtime: the reply on the socket) and each store,
/// with EF Core's database spans under it, are inside it.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TurnTraceTests
{
    private const string EfCoreSource = "OpenTelemetry.Instrumentation.EntityFrameworkCore";
    private const string HttpClientSource = "System.Net.Http";
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task A_turn_is_a_trace_of_its_own_with_the_upstream_calls_and_the_stores_inside(string mode)
    {
        await using var site = new TelemetrySiteFactory();
        var (client, conversation) = await site.StartSessionAsync(mode);
        await using var _ = client;
        await client.TalkAsync(Utterance);
        var reply = await site.WaitForTurnAsync(conversation, t => t.Role == TurnRole.Assistant);
        var userTurn = await site.WaitForTurnAsync(conversation, t => t.Role == TurnRole.User);

        var turn = await site.Telemetry.WaitForSpanAsync(s => s.OperationName == TurnTrace.TurnSpan && Equals(s.GetTagItem("voice.mode"), mode), "voice.turn");
        // A root of its own: not a child of whatever span the session's loop happened to start under.
        Assert.Equal(default, turn.ParentSpanId);
        Assert.Equal(ActivityKind.Server, turn.Kind);
        Assert.Equal(reply.Id.ToString(), turn.GetTagItem("voice.turn.id"));
        Assert.Equal(reply.ResponseLatencyMs, turn.GetTagItem("voice.response_latency_ms"));
        Assert.Equal(conversation.ToString(), turn.GetTagItem("voice.conversation.id"));

        var trace = site.Telemetry.Spans.Snapshot().Where(s => s.TraceId == turn.TraceId).ToList();
        Assert.All(trace, s => Assert.True(DescendsFrom(s, turn, trace), $"{s.DisplayName} ({s.Source.Name}) is not inside the turn"));
        var children = trace.Where(s => s.ParentSpanId == turn.SpanId).ToList();

        // Each store is a child of the turn with the database commands under it.
        var stores = children.Where(s => s.OperationName == TurnTrace.StoreSpan).ToList();
        var expectedStores = mode == "pipeline" ? new[] { userTurn.Id, reply.Id } : [reply.Id];
        Assert.Equal(expectedStores.Select(id => id.ToString()).Order(), stores.Select(s => (string)s.GetTagItem("voice.turn.id")!).Order());
        foreach (var store in stores)
            Assert.Contains(trace, s => s.ParentSpanId == store.SpanId && s.Source.Name == EfCoreSource);

        if (mode == "realtime")
        {
            var response = Assert.Single(children, s => s.OperationName == TurnTrace.RealtimeResponseSpan);
            Assert.Equal(ActivityKind.Client, response.Kind);
            Assert.Equal(reply.InputTokens, response.GetTagItem("gen_ai.usage.input_tokens"));
            Assert.Equal(reply.OutputTokens, response.GetTagItem("gen_ai.usage.output_tokens"));
            Assert.True(response.StartTimeUtc >= turn.StartTimeUtc, "the reply starts after the speech stopped");
            Assert.DoesNotContain(children, s => s.Source.Name == HttpClientSource);
        }
        else
        {
            Assert.Equal(userTurn.SttLatencyMs, turn.GetTagItem("voice.stt_latency_ms"));
            var calls = children.Where(s => s.Source.Name == HttpClientSource && s.Kind == ActivityKind.Client)
                .Select(s => s.GetTagItem("url.full") as string ?? "").ToList();
            Assert.Contains(calls, url => url.Contains("/chat/completions", StringComparison.Ordinal));
            Assert.Contains(calls, url => url.Contains(SimulatorEndpoints.SpeechTtsPath, StringComparison.Ordinal));
            Assert.DoesNotContain(children, s => s.OperationName == TurnTrace.RealtimeResponseSpan);
        }
    }

    private static bool DescendsFrom(Activity span, Activity root, List<Activity> trace)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.SpanId == root.SpanId)
                return true;
        }
        return false;
    }
}
