// The official GA realtime client is experimental (OPENAI002), as is its AuthenticationPolicy constructor (OPENAI001).
#pragma warning disable OPENAI001, OPENAI002

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAI.Realtime;
using VoiceSite.Simulator;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Simulator;

/// <summary>
/// The realtime simulator driven by the official OpenAI .NET GA client: it speaks what real clients expect.
/// Tests in this class run one after another and restore the options they change.
/// </summary>
public sealed class RealtimeSimulatorProtocolTests(KestrelVoiceSiteFactory factory) : IClassFixture<KestrelVoiceSiteFactory>
{
    private const string Instructions = "You are a patient chess coach for beginners.";

    private SimulatorOptions Options => factory.Services.GetRequiredService<IOptionsMonitor<SimulatorOptions>>().CurrentValue;

    private async Task<RealtimeSessionClient> ConnectAsync(string? key = null)
    {
        key ??= Options.ApiKey;
        var client = new RealtimeClient(
            ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(key), "api-key"),
            new RealtimeClientOptions { Endpoint = new Uri(factory.ServerAddress, "simulator/openai/v1") });
        var options = new RealtimeSessionClientOptions();
        options.Headers["api-key"] = key;
        return await client.StartConversationSessionAsync("gpt-realtime", options);
    }

    private static async Task ConfigureAsync(RealtimeSessionClient session, bool transcription = true)
    {
        var input = new RealtimeConversationSessionInputAudioOptions
        {
            AudioFormat = new RealtimePcmAudioFormat { Rate = 24_000 },
            TurnDetection = new RealtimeServerVadTurnDetection { DetectionThreshold = 0.5f, SilenceDuration = TimeSpan.FromMilliseconds(500) },
        };
        if (transcription)
            input.AudioTranscriptionOptions = new RealtimeAudioTranscriptionOptions { Model = "whisper-1" };
        await session.ConfigureConversationSessionAsync(new RealtimeConversationSessionOptions
        {
            Instructions = Instructions,
            AudioOptions = new RealtimeConversationSessionAudioOptions
            {
                InputAudioOptions = input,
                OutputAudioOptions = new RealtimeConversationSessionOutputAudioOptions { Voice = RealtimeVoice.Marin },
            },
        });
    }

    /// <summary>Reads updates (into <paramref name="updates"/> when given) until one matches (inclusive); fails after 20 s.</summary>
    private static async Task<List<RealtimeServerUpdate>> ReadUntilAsync(RealtimeSessionClient session, Func<RealtimeServerUpdate, bool> stop,
        List<RealtimeServerUpdate>? updates = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        updates ??= [];
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            updates.Add(update);
            if (stop(update))
                return updates;
        }
        return updates;
    }

    private static async Task SendAsync(RealtimeSessionClient session, byte[] audio)
    {
        foreach (var chunk in TestAudio.Chunks(audio, 100))
            await session.SendInputAudioAsync(BinaryData.FromBytes(chunk));
    }

    private void Restore()
    {
        var realtime = Options.Realtime;
        realtime.Fault = SimulatorFault.None;
        realtime.Echo = false;
        realtime.PaceFactor = 0;
        realtime.SessionLimit = TimeSpan.FromMinutes(30);
    }

    [Fact]
    public async Task A_spoken_turn_gives_vad_events_a_transcript_and_a_streamed_reply_with_usage()
    {
        Restore();
        using var session = await ConnectAsync();
        await ConfigureAsync(session);
        await SendAsync(session, TestAudio.Concat(TestAudio.Silence(500), TestAudio.Tone(220, 1500), TestAudio.Silence(1000)));
        var updates = await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone);

        Assert.Contains(updates, u => u is RealtimeServerUpdateSessionCreated);
        Assert.Contains(updates, u => u is RealtimeServerUpdateSessionUpdated);
        var started = updates.OfType<RealtimeServerUpdateInputAudioBufferSpeechStarted>().Single();
        Assert.Equal(200, started.AudioStartTime.TotalMilliseconds, 10.0); // 500 ms minus 300 ms prefix padding
        var stopped = updates.OfType<RealtimeServerUpdateInputAudioBufferSpeechStopped>().Single();
        Assert.Equal(2500, stopped.AudioEndTime.TotalMilliseconds, 10.0);  // speech end + 500 ms silence
        Assert.Equal(started.ItemId, stopped.ItemId);
        var transcript = updates.OfType<RealtimeServerUpdateConversationItemInputAudioTranscriptionCompleted>().Single();
        Assert.Equal("(1.5 s of speech)", transcript.Transcript);
        Assert.Equal(started.ItemId, transcript.ItemId);

        var reply = SimulatedReply.Compose(Instructions, 1, 1);
        var audio = updates.OfType<RealtimeServerUpdateResponseOutputAudioDelta>().Sum(d => d.Delta.ToArray().Length);
        Assert.Equal(SpeechLikeAudio.Synthesize(reply).Length, audio);
        Assert.Equal(reply, string.Concat(updates.OfType<RealtimeServerUpdateResponseOutputAudioTranscriptDelta>().Select(d => d.Delta)));
        var done = updates.OfType<RealtimeServerUpdateResponseDone>().Single();
        Assert.Equal(RealtimeResponseStatus.Completed, done.Response.Status);
        Assert.True(done.Response.Usage.TotalTokenCount > 0);
        Assert.Equal(done.Response.Usage.TotalTokenCount, done.Response.Usage.InputTokenCount + done.Response.Usage.OutputTokenCount);
        Assert.True(updates.IndexOf(transcript) < updates.IndexOf(done));
    }

    [Fact]
    public async Task Items_created_by_the_client_count_as_context_and_cancel_stops_the_reply()
    {
        Restore();
        using var session = await ConnectAsync();
        await ConfigureAsync(session);
        await session.AddItemAsync(RealtimeItem.CreateUserMessageItem("I know how the pieces move."));
        await session.AddItemAsync(RealtimeItem.CreateAssistantMessageItem("Great, let us look at openings."));
        await session.AddItemAsync(RealtimeItem.CreateUserMessageItem("Which opening first?"));
        await session.StartResponseAsync();
        var first = await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone);
        Assert.Equal(3, first.TakeWhile(u => u is not RealtimeServerUpdateResponseCreated).OfType<RealtimeServerUpdateConversationItemAdded>().Count());
        Assert.Equal(SimulatedReply.Compose(Instructions, 2, 3),
            string.Concat(first.OfType<RealtimeServerUpdateResponseOutputAudioTranscriptDelta>().Select(d => d.Delta)));

        Options.Realtime.PaceFactor = 2; // slow enough to cancel mid-reply
        try
        {
            await session.StartResponseAsync();
            var started = await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseOutputAudioDelta);
            await session.CancelResponseAsync();
            var rest = await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone);
            Assert.Equal(RealtimeResponseStatus.Cancelled, rest.OfType<RealtimeServerUpdateResponseDone>().Single().Response.Status);
            var audioMs = started.Concat(rest).OfType<RealtimeServerUpdateResponseOutputAudioDelta>().Sum(d => d.Delta.ToArray().Length) / 48;
            Assert.True(audioMs < SpeechLikeAudio.DurationMs(SimulatedReply.Compose(Instructions, 3, 4)), "the reply went on after cancel");

            // A second cancel has nothing to cancel: an error, and the session carries on.
            await session.CancelResponseAsync();
            var error = (await ReadUntilAsync(session, u => u is RealtimeServerUpdateError)).OfType<RealtimeServerUpdateError>().Single();
            Assert.Equal("response_cancel_not_active", error.Error.Code);
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public async Task A_turn_spoken_in_one_burst_over_a_reply_cuts_it_and_is_answered_once_the_cut_reply_is_done()
    {
        Restore();
        Options.Realtime.PaceFactor = 2; // the reply (an opening line, say) is still streaming when the user speaks
        try
        {
            using var session = await ConnectAsync();
            await ConfigureAsync(session);
            await session.StartResponseAsync();
            await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseOutputAudioDelta);

            // The whole utterance at once: speech starts and stops before the cut reply's stream has wound down.
            await SendAsync(session, TestAudio.Concat(TestAudio.Tone(220, 800), TestAudio.Silence(900)));
            var updates = await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone d && d.Response.Status == RealtimeResponseStatus.Cancelled);
            Options.Realtime.PaceFactor = 0;
            await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone, updates);

            var done = updates.OfType<RealtimeServerUpdateResponseDone>().ToList();
            Assert.Equal([RealtimeResponseStatus.Cancelled, RealtimeResponseStatus.Completed], done.Select(d => d.Response.Status));
            Assert.DoesNotContain(updates, u => u is RealtimeServerUpdateError);
            var stopped = updates.OfType<RealtimeServerUpdateInputAudioBufferSpeechStopped>().Single();
            Assert.True(updates.IndexOf(stopped) < updates.IndexOf(updates.OfType<RealtimeServerUpdateResponseCreated>().Single()),
                "the answer to the turn starts after the turn");
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public async Task Truncate_within_the_audio_is_confirmed_and_past_it_is_an_error()
    {
        Restore();
        using var session = await ConnectAsync();
        await ConfigureAsync(session);
        await session.AddItemAsync(RealtimeItem.CreateUserMessageItem("Hello."));
        await session.StartResponseAsync();
        var updates = await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone);
        var itemId = updates.OfType<RealtimeServerUpdateResponseOutputAudioDelta>().First().ItemId;
        var audioMs = updates.OfType<RealtimeServerUpdateResponseOutputAudioDelta>().Sum(d => d.Delta.ToArray().Length) / 48;

        await session.TruncateItemAsync(itemId, 0, TimeSpan.FromMilliseconds(1000));
        var truncated = (await ReadUntilAsync(session, u => u is RealtimeServerUpdateConversationItemTruncated or RealtimeServerUpdateError))
            .OfType<RealtimeServerUpdateConversationItemTruncated>().Single();
        Assert.Equal(1000, truncated.AudioEndTime.TotalMilliseconds);

        await session.TruncateItemAsync(itemId, 0, TimeSpan.FromMilliseconds(audioMs + 5000));
        var error = (await ReadUntilAsync(session, u => u is RealtimeServerUpdateError)).OfType<RealtimeServerUpdateError>().Single();
        Assert.Contains("is already shorter than", error.Error.Message);
    }

    [Fact]
    public async Task Echo_returns_each_appended_chunk_at_once()
    {
        Restore();
        Options.Realtime.Echo = true;
        try
        {
            using var session = await ConnectAsync();
            var chunk = TestAudio.Tone(440, 40);
            await session.SendInputAudioAsync(BinaryData.FromBytes(chunk));
            var delta = (await ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseOutputAudioDelta))
                .OfType<RealtimeServerUpdateResponseOutputAudioDelta>().Single();
            Assert.Equal(chunk, delta.Delta.ToArray());
        }
        finally
        {
            Restore();
        }
    }

    [Theory]
    [InlineData(SimulatorFault.RejectKey, "401")]
    [InlineData(SimulatorFault.RateLimit, "429")]
    [InlineData(SimulatorFault.Refuse, "503")]
    public async Task Connection_faults_refuse_the_upgrade_with_azure_status_codes(SimulatorFault fault, string status)
    {
        Restore();
        Options.Realtime.Fault = fault;
        try
        {
            var error = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync());
            Assert.Contains($"'{status}'", error.Message);
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_message_does_not_echo_it()
    {
        Restore();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync("wrong-key"));
        Assert.Contains("'401'", error.Message);
        Assert.DoesNotContain("wrong-key", error.Message);
    }

    [Fact]
    public async Task Dropping_mid_response_ends_the_stream_after_some_audio()
    {
        Restore();
        Options.Realtime.Fault = SimulatorFault.DropMidResponse;
        try
        {
            using var session = await ConnectAsync();
            await ConfigureAsync(session);
            await session.AddItemAsync(RealtimeItem.CreateUserMessageItem("Hello."));
            await session.StartResponseAsync();
            var updates = new List<RealtimeServerUpdate>();
            var failure = await Record.ExceptionAsync(() => ReadUntilAsync(session, u => u is RealtimeServerUpdateResponseDone, updates));
            Assert.DoesNotContain(updates, u => u is RealtimeServerUpdateResponseDone);
            Assert.Contains(updates, u => u is RealtimeServerUpdateResponseOutputAudioDelta);
            Assert.True(failure is null or WebSocketException or IOException, $"unexpected {failure}");
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public async Task The_session_limit_ends_the_session_with_session_expired()
    {
        Restore();
        Options.Realtime.SessionLimit = TimeSpan.FromSeconds(1);
        try
        {
            using var session = await ConnectAsync();
            var updates = await ReadUntilAsync(session, u => u is RealtimeServerUpdateError);
            var error = updates.OfType<RealtimeServerUpdateError>().Single();
            Assert.Equal("session_expired", error.Error.Code);
            Assert.Contains("maximum duration", error.Error.Message);
        }
        finally
        {
            Restore();
        }
    }

    [Fact]
    public async Task Malformed_and_unknown_events_get_error_events_and_the_session_continues()
    {
        Restore();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("api-key", Options.ApiKey);
        socket.Options.AddSubProtocol("realtime");
        var ws = new UriBuilder(new Uri(factory.ServerAddress, "simulator/openai/v1/realtime?model=gpt-realtime")) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(ws, CancellationToken.None);
        Assert.Contains("session.created", await ReceiveAsync(socket));

        await SendTextAsync(socket, "{not json");
        Assert.Contains("invalid_json", await ReceiveAsync(socket));
        await SendTextAsync(socket, """{"type":"conversation.explode"}""");
        Assert.Contains("invalid_value", await ReceiveAsync(socket));
        await SendTextAsync(socket, """{"type":"input_audio_buffer.append","audio":"@@@"}""");
        Assert.Contains("not valid base64", await ReceiveAsync(socket));
        await SendTextAsync(socket, """{"type":"session.update","session":{"type":"realtime","audio":{"output":{"voice":"robot"}}}}""");
        var voiceError = await ReceiveAsync(socket);
        Assert.True(voiceError.Contains("Invalid value: 'robot'"), voiceError);
        await SendTextAsync(socket, """{"type":"session.update","session":{"type":"realtime","instructions":"Be brief."}}""");
        Assert.Contains("session.updated", await ReceiveAsync(socket));
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
