using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Simulator;
using VoiceSite.Telemetry;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice;
using M = VoiceSite.Telemetry.VoiceMetrics;

namespace VoiceSite.Tests.Telemetry;

/// <summary>
/// Issue 14, item 3: each of the site's metrics, exported through the site's OpenTelemetry pipeline (in-memory exporter),
/// with the right tags and the figures of the turns actually stored, for a realtime and a pipeline turn driven through the hub.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class VoiceMetricsTests
{
    private static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(220, 1500), TestAudio.Silence(1000));

    private static (string, string) Mode(string mode) => (M.ModeTag, mode);
    private static (string, string) Role(string role) => (M.RoleTag, role);
    private static (string, string) Tokens(string kind) => (M.TokenTypeTag, kind);

    /// <summary>Speaks one utterance and waits until both of its turns (the user's and the reply) are stored.</summary>
    private static async Task<(Turn User, Turn Assistant)> TalkOneTurnAsync(TelemetrySiteFactory site, VoiceHubClient client, Guid conversation)
    {
        var before = client.Events.Count;
        await client.TalkAsync(Utterance);
        var userTurnId = (await client.WaitForAsync("UserTranscript", after: before)).Text(0);
        await client.WaitForAsync("TurnCompleted", e => e.Text(0) == userTurnId, after: before);
        var turns = await site.TurnsAsync(conversation);
        return (turns.Single(t => t.Role == TurnRole.User), turns.Single(t => t.Role == TurnRole.Assistant));
    }

    [Theory]
    [InlineData("realtime")]
    [InlineData("pipeline")]
    public async Task A_turn_records_sessions_turns_latency_and_tokens_with_the_mode_and_role_tags(string mode)
    {
        await using var site = new TelemetrySiteFactory();
        var (client, conversation) = await site.StartSessionAsync(mode);
        await using var _ = client;
        var other = mode == "realtime" ? "pipeline" : "realtime";

        var live = site.CollectMetrics();
        Assert.Equal(1, live.Sum("voicesite.sessions.live", Mode(mode)));
        Assert.Equal(0, live.Sum("voicesite.sessions.live", Mode(other)));

        var (userTurn, reply) = await TalkOneTurnAsync(site, client, conversation);
        var metrics = site.CollectMetrics();

        Assert.Equal(1, metrics.Sum("voicesite.turns", Mode(mode), Role("user")));
        Assert.Equal(1, metrics.Sum("voicesite.turns", Mode(mode), Role("assistant")));
        Assert.Equal(2, metrics.Sum("voicesite.turns"));
        Assert.Equal(["voice.mode", "voice.role"], metrics["voicesite.turns"].TagNames());

        Assert.NotNull(reply.ResponseLatencyMs);
        Assert.Equal((1, (double)reply.ResponseLatencyMs!.Value), metrics.Histogram("voicesite.turn.response_latency", Mode(mode)));
        Assert.Equal("ms", metrics["voicesite.turn.response_latency"].Unit);

        Assert.True(reply.InputTokens > 0 && reply.OutputTokens > 0, "the simulator reports usage in both modes");
        Assert.Equal(reply.InputTokens, (int)metrics.Sum("voicesite.tokens", Mode(mode), Tokens("input")));
        Assert.Equal(reply.OutputTokens, (int)metrics.Sum("voicesite.tokens", Mode(mode), Tokens("output")));
        Assert.Equal(0, metrics.Sum("voicesite.tokens", Mode(other)));
        Assert.Equal(reply.InputTokens, (int)metrics.Sum("voicesite.tokens", (M.PurposeTag, M.Purposes.Conversation), Tokens("input")));
        Assert.Equal(0, metrics.Sum("voicesite.tokens", (M.PurposeTag, M.Purposes.Scoring)));
        Assert.Equal([M.TokenTypeTag, M.ModeTag, M.PurposeTag], metrics["voicesite.tokens"].TagNames());

        if (mode == "pipeline")
        {
            Assert.Equal((1, (double)userTurn.SttLatencyMs!.Value), metrics.Histogram("voicesite.stt.latency", Mode(mode)));
            Assert.Equal((1, (double)reply.ChatFirstTokenMs!.Value), metrics.Histogram("voicesite.chat.first_token", Mode(mode)));
            Assert.Equal((1, (double)reply.TtsFirstByteMs!.Value), metrics.Histogram("voicesite.tts.first_byte", Mode(mode)));
            // What speech to text and text to speech bill for: the audio sent (s) and the characters sent, as stored.
            Assert.True(userTurn.SttAudioMs > 0 && reply.TtsCharacters > 0);
            Assert.Equal(userTurn.SttAudioMs!.Value / 1000.0, metrics.SumDouble("voicesite.stt.audio", Mode(mode)), 6);
            Assert.Equal("s", metrics["voicesite.stt.audio"].Unit);
            Assert.Equal(reply.TtsCharacters!.Value, metrics.Sum("voicesite.tts.characters", Mode(mode)));
        }
        else
        {
            // Realtime has no separate speech-to-text, chat or text-to-speech step.
            foreach (var name in new[] { "voicesite.stt.latency", "voicesite.chat.first_token", "voicesite.tts.first_byte" })
                Assert.Equal(0, metrics.Histogram(name).Count);
            Assert.Equal(0, metrics.SumDouble("voicesite.stt.audio"));
            Assert.Equal(0, metrics.Sum("voicesite.tts.characters"));
        }

        await client.Connection.InvokeAsync("EndSession", CancellationToken.None);
        var ended = site.CollectMetrics();
        Assert.Equal(0, ended.Sum("voicesite.sessions.live", Mode(mode)));
        Assert.Equal(1, ended.Histogram("voicesite.sessions.duration", Mode(mode)).Count);
        Assert.Equal("s", ended["voicesite.sessions.duration"].Unit);
    }

    [Fact]
    public async Task Upstream_errors_dropped_audio_and_limits_are_counted_with_their_service_code_reason_and_limit()
    {
        await using var site = new TelemetrySiteFactory();
        site.Settings["VoiceLimits:LiveSessionsPerUser"] = "1";
        site.ResetSimulator();
        var (user, _) = await site.CreateSignedInUserAsync();
        var first = await site.CreateConversationAsync(user.Email!);
        var second = await site.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await using var otherTab = await VoiceHubClient.ConnectAsync(site, user.Email!);
        await client.StartSessionAsync(first, "pipeline");

        // A second live session is one more than this user may hold.
        await Assert.ThrowsAsync<HubException>(() => otherTab.StartSessionAsync(second, "pipeline"));

        // Speech to text refuses with 429: the session reports rate_limited.
        site.Simulator.Stt.Fault = SimulatorFault.RateLimit;
        await client.SpeakAsync(Utterance);
        await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.RateLimited);

        // Five seconds of (silent) audio at once: the pace limit takes a 3 s burst and drops the rest.
        var before = client.Events.Count;
        foreach (var chunk in TestAudio.Chunks(TestAudio.Silence(5000), 40))
            await client.SendAudioAsync(chunk);
        await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.AudioTooFast, after: before);
        // The hub runs one connection's calls in order: once EndSession has returned, every chunk above has been taken or dropped.
        await client.Connection.InvokeAsync("EndSession");

        var metrics = site.CollectMetrics();
        Assert.Equal(1, metrics.Sum("voicesite.limits.hit", (M.LimitTag, M.Limits.LiveSessions)));
        Assert.Equal(1, metrics.Sum("voicesite.limits.hit"));
        Assert.Equal(1, metrics.Sum("voicesite.upstream.errors", (M.ServiceTag, "speech_to_text"), (M.CodeTag, VoiceErrorCodes.RateLimited)));
        Assert.Equal(1, metrics.Sum("voicesite.upstream.errors"));
        Assert.Equal([M.CodeTag, M.ServiceTag], metrics["voicesite.upstream.errors"].TagNames());
        var dropped = metrics.Sum("voicesite.audio.dropped", Mode("pipeline"), (M.ReasonTag, M.DropReasons.TooFast));
        // Whole 40 ms chunks, some of the 5 s sent. How many depends on how fast this machine sent them (the bucket
        // refills at real time), so only the bounds are checked, never a figure that follows the clock.
        Assert.True(dropped is > 0 and <= 5000 && dropped % 40 == 0, $"{dropped} ms dropped");
        Assert.Equal("ms", metrics["voicesite.audio.dropped"].Unit);

        // The error is also kept per hour in the database for the dashboard.
        await site.Services.GetRequiredService<UpstreamErrorStore>().FlushAsync();
        var stored = await site.WithDbAsync(db => db.UpstreamErrorCounts.AsNoTracking().ToListAsync());
        var row = Assert.Single(stored);
        Assert.Equal(("speech_to_text", VoiceErrorCodes.RateLimited, 1), (row.Service, row.Code, row.Count));
        Assert.Equal((0, 0, 0), (row.Hour.Minute, row.Hour.Second, row.Hour.Millisecond)); // the start of an hour
    }

    [Fact]
    public async Task A_tool_the_assistant_called_is_counted_as_a_turn_with_the_tool_role()
    {
        await using var site = new TelemetrySiteFactory();
        _ = site.Services; // the site is built: its meter provider listens
        site.Services.GetRequiredService<M>().TurnStored(new Turn
        {
            Role = TurnRole.Tool, Mode = VoiceMode.Realtime, Text = "Ended the role-play.", StartedAt = DateTime.UtcNow,
        });

        var metrics = site.CollectMetrics();
        Assert.Equal(1, metrics.Sum("voicesite.turns", Mode("realtime"), Role("tool")));
        Assert.Equal(0, metrics.Sum("voicesite.turns", Role("assistant")));
    }
}
