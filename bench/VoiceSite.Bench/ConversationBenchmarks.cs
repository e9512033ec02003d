using System.Buffers.Binary;
using System.Diagnostics;
using VoiceSite.Data.Entities;

namespace VoiceSite.Bench;

/// <summary>What the client saw of one answered turn, from the <c>SpeechStopped</c> event.</summary>
internal sealed record TurnTiming(double FirstAudioMs, double LastAudioMs);

/// <summary>Whole spoken turns in both modes (latency to the first and last reply audio), and the realtime relay's echo round trip.</summary>
internal static class ConversationBenchmarks
{
    public static async Task<List<Row>> RealtimeAsync(BenchSite site, string email, BenchSettings settings)
    {
        site.ResetSimulator();
        var (timings, turns) = await TalkAsync(site, email, "realtime", settings);
        const string scenario = "Realtime, simulator with no added latency";
        return
        [
            new(scenario, "client: SpeechStopped -> first Audio (ms)", timings.Select(t => t.FirstAudioMs).ToList()),
            new(scenario, "client: SpeechStopped -> last Audio (ms)", timings.Select(t => t.LastAudioMs).ToList()),
            new(scenario, "stored assistant Turn.ResponseLatencyMs", Stored(turns, TurnRole.Assistant, settings, t => t.ResponseLatencyMs)),
            new(scenario, "stored assistant Turn.DurationMs (length of a whole reply, ms of audio)", Stored(turns, TurnRole.Assistant, settings, t => t.DurationMs)),
        ];
    }

    /// <summary>Pipeline turns; <paramref name="upstreamLatencyMs"/> is added by each simulated service before its first byte.</summary>
    public static async Task<List<Row>> PipelineAsync(BenchSite site, string email, BenchSettings settings, int upstreamLatencyMs, int wordDelayMs, double ttsPaceFactor)
    {
        site.ResetSimulator();
        var simulator = site.Simulator;
        simulator.Stt.LatencyMs = upstreamLatencyMs;
        simulator.Chat.LatencyMs = upstreamLatencyMs;
        simulator.Tts.LatencyMs = upstreamLatencyMs;
        simulator.Chat.WordDelayMs = wordDelayMs;
        simulator.Tts.PaceFactor = ttsPaceFactor;
        var (timings, turns) = await TalkAsync(site, email, "pipeline", settings);
        site.ResetSimulator();

        var scenario = upstreamLatencyMs == 0 && wordDelayMs == 0 && ttsPaceFactor == 0
            ? "Pipeline, simulator with no added latency"
            : $"Pipeline, simulated upstreams: {upstreamLatencyMs} ms to first byte each, chat {wordDelayMs} ms/word, TTS at {ttsPaceFactor}x real time";
        return
        [
            new(scenario, "client: SpeechStopped -> first Audio (ms)", timings.Select(t => t.FirstAudioMs).ToList()),
            new(scenario, "client: SpeechStopped -> last Audio (ms)", timings.Select(t => t.LastAudioMs).ToList()),
            new(scenario, "stored user Turn.SttLatencyMs", Stored(turns, TurnRole.User, settings, t => t.SttLatencyMs)),
            new(scenario, "stored assistant Turn.ChatFirstTokenMs", Stored(turns, TurnRole.Assistant, settings, t => t.ChatFirstTokenMs)),
            new(scenario, "stored assistant Turn.TtsFirstByteMs", Stored(turns, TurnRole.Assistant, settings, t => t.TtsFirstByteMs)),
            new(scenario, "stored assistant Turn.ResponseLatencyMs", Stored(turns, TurnRole.Assistant, settings, t => t.ResponseLatencyMs)),
        ];
    }

    /// <summary>
    /// Realtime relay with the simulator's echo option: each 40 ms chunk sent at real time comes straight back as
    /// reply audio; the round trip is client -> hub -> session -> upstream socket -> simulator -> back the same way.
    /// Chunks carry their sequence number so each echo is matched to its send time.
    /// </summary>
    public static async Task<List<Row>> EchoAsync(BenchSite site, string email, int warmupChunks, int chunks, bool recording)
    {
        await site.SetRecordingAsync(recording);
        const int ChunkMs = 40;
        const int Magic = 0x0EC40EC4;
        site.ResetSimulator();
        site.Simulator.Realtime.Echo = true;
        try
        {
            var conversation = await site.CreateConversationAsync(email);
            await using var client = await HubClient.ConnectAsync(site, email);
            await client.StartSessionAsync(conversation, "realtime");

            var total = warmupChunks + chunks;
            var tone = Signals.Tone(440, ChunkMs);
            var sentAt = new long[total];
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < total; i++)
            {
                var wait = TimeSpan.FromMilliseconds(i * ChunkMs) - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
                var chunk = (byte[])tone.Clone();
                BinaryPrimitives.WriteInt32LittleEndian(chunk, Magic);
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(4), i);
                sentAt[i] = Stopwatch.GetTimestamp();
                await client.SendAudioAsync(chunk);
            }
            for (var i = 0; i < 50 && client.Between(0).Count(e => e.Name == "Audio") < total; i++)
                await Task.Delay(100);
            await client.EndSessionAsync();

            var roundTrips = new List<double>();
            foreach (var e in client.Between(0).Where(e => e.Name == "Audio" && e.Bytes.Length >= 8))
            {
                if (BinaryPrimitives.ReadInt32LittleEndian(e.Bytes) != Magic)
                    continue;
                var sequence = BinaryPrimitives.ReadInt32LittleEndian(e.Bytes.AsSpan(4));
                if (sequence >= warmupChunks && sequence < total)
                    roundTrips.Add(Stats.Ms(sentAt[sequence], e.At));
            }
            if (roundTrips.Count < chunks)
                Console.WriteLine($"  echo: {chunks - roundTrips.Count} of {chunks} chunks did not come back");
            return [new($"Realtime relay, simulator echo (40 ms chunks at real time), recording {(recording ? "on" : "off")}", "client: audio chunk round trip (ms)", roundTrips)];
        }
        finally
        {
            site.Simulator.Realtime.Echo = false;
        }
    }

    /// <summary>A fresh conversation and connection in <paramref name="mode"/>; warm-up plus measured turns; the stored turns.</summary>
    private static async Task<(List<TurnTiming> Timings, List<Turn> Turns)> TalkAsync(BenchSite site, string email, string mode, BenchSettings settings)
    {
        var conversation = await site.CreateConversationAsync(email);
        var timings = new List<TurnTiming>();
        await using (var client = await HubClient.ConnectAsync(site, email))
        {
            await client.StartSessionAsync(conversation, mode);
            for (var i = 0; i < settings.Warmup + settings.Turns; i++)
            {
                var timing = await TurnAsync(client);
                if (i >= settings.Warmup)
                    timings.Add(timing);
                await Task.Delay(300); // let the user's turn be stored too before speaking again
            }
            await client.EndSessionAsync(); // waits until every turn is stored
        }
        return (timings, await site.TurnsAsync(conversation));
    }

    /// <summary>Speaks one utterance and waits until the reply is complete and stored.</summary>
    private static async Task<TurnTiming> TurnAsync(HubClient client)
    {
        var from = client.Count;
        await client.SpeakAsync(Signals.Utterance);
        var stopped = await client.WaitForAsync("SpeechStopped", from);
        var delta = await client.WaitForAsync("AssistantTranscriptDelta", stopped.Index);
        var done = await client.WaitForAsync("TurnCompleted", delta.Index, e => e.Text(0) == delta.Text(0));
        var audio = client.Between(stopped.Index, done.Index).Where(e => e.Name == "Audio").ToList();
        return new TurnTiming(Stats.Ms(stopped.At, audio[0].At), Stats.Ms(stopped.At, audio[^1].At));
    }

    private static List<double> Stored(List<Turn> turns, TurnRole role, BenchSettings settings, Func<Turn, int?> figure)
    {
        var measured = turns.Where(t => t.Role == role).Skip(settings.Warmup).ToList();
        if (measured.Count != settings.Turns)
            throw new InvalidOperationException($"Expected {settings.Turns} measured {role} turns in the database, found {measured.Count}.");
        return measured.Select(figure).Where(v => v is not null).Select(v => (double)v!.Value).ToList();
    }
}
