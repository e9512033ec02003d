using System.Diagnostics;

namespace VoiceSite.Bench;

/// <summary>
/// Barge-in in both modes while the reply is still streaming (at 4x real time, the simulator's default, so a reply
/// of about 9 s of audio takes over 2 s to arrive): how long audio keeps arriving after the client's
/// <c>Interrupt</c>, or after the user starts talking over the reply (on <c>SpeechStarted</c> the client then sends
/// <c>Interrupt</c> at once, as the browser does).
/// </summary>
internal static class BargeInBenchmarks
{
    /// <summary>The reply is cut by the client's Interrupt 200 ms after its first audio.</summary>
    public static async Task<List<Row>> InterruptAsync(BenchSite site, string email, string mode, BenchSettings settings)
    {
        var roundTrip = new List<double>();
        var toLast = new List<double>();
        var after = new List<double>();
        var received = new List<double>();
        await RunAsync(site, email, mode, settings, async (client, measured) =>
        {
            var from = client.Count;
            var speaking = client.SpeakAsync(Signals.Utterance);
            var stopped = await client.WaitForAsync("SpeechStopped", from);
            var first = await client.WaitForAsync("Audio", stopped.Index);
            await Task.Delay(200);
            var sentAt = Stopwatch.GetTimestamp();
            await client.InvokeInterruptAsync(PlayedMs(client, first, sentAt));
            var cutAt = Stopwatch.GetTimestamp();
            var delta = await client.WaitForAsync("AssistantTranscriptDelta", stopped.Index);
            var done = await client.WaitForAsync("TurnCompleted", delta.Index, e => e.Text(0) == delta.Text(0));
            await speaking;
            var audio = client.Between(stopped.Index, done.Index).Where(e => e.Name == "Audio").ToList();
            if (!measured)
                return;
            roundTrip.Add(Stats.Ms(sentAt, cutAt));
            toLast.Add(Math.Max(0, Stats.Ms(sentAt, audio[^1].At)));
            after.Add(Stats.AudioMs(audio.Where(e => e.At > sentAt)));
            received.Add(Stats.AudioMs(audio));
        });
        var scenario = $"Barge-in, {mode}: client Interrupt 200 ms into the reply";
        return
        [
            new(scenario, "client: Interrupt invoked -> hub method done, reply cut (ms)", roundTrip),
            new(scenario, "client: Interrupt sent -> last Audio (ms; 0 if none after)", toLast),
            new(scenario, "audio arriving after Interrupt (ms of audio)", after),
            new(scenario, "reply audio received in all (ms of audio; a whole reply: see Turn.DurationMs above)", received),
        ];
    }

    /// <summary>The user talks over the reply; on SpeechStarted the client reports Interrupt; the short utterance is then answered.</summary>
    public static async Task<List<Row>> TalkOverAsync(BenchSite site, string email, string mode, BenchSettings settings)
    {
        var detected = new List<double>();
        var toLast = new List<double>();
        var after = new List<double>();
        await RunAsync(site, email, mode, settings, async (client, measured) =>
        {
            var from = client.Count;
            await client.SpeakAsync(Signals.Utterance);
            var stopped = await client.WaitForAsync("SpeechStopped", from);
            var first = await client.WaitForAsync("Audio", stopped.Index);
            var cutTurn = (await client.WaitForAsync("AssistantTranscriptDelta", stopped.Index)).Text(0);
            var mark = client.Count;
            var speaking = client.SpeakAsync(Signals.BargeIn);
            var started = await client.WaitForAsync("SpeechStarted", mark);
            await client.InterruptAsync(PlayedMs(client, first, started.At));
            var voiceAt = await speaking;
            var stoppedAgain = await client.WaitForAsync("SpeechStopped", started.Index);
            var next = await client.WaitForAsync("AssistantTranscriptDelta", stoppedAgain.Index, e => e.Text(0) != cutTurn);
            await client.WaitForAsync("TurnCompleted", next.Index, e => e.Text(0) == next.Text(0));
            // Audio before the barge-in utterance ended belongs to the reply that was cut.
            var cut = client.Between(stopped.Index, stoppedAgain.Index).Where(e => e.Name == "Audio").ToList();
            if (!measured)
                return;
            detected.Add(Stats.Ms(voiceAt, started.At));
            toLast.Add(Math.Max(0, Stats.Ms(voiceAt, cut[^1].At)));
            after.Add(Stats.AudioMs(cut.Where(e => e.At > started.At)));
        });
        var scenario = $"Barge-in, {mode}: user talks over the reply";
        return
        [
            new(scenario, "client: first voiced 40 ms chunk sent -> SpeechStarted (ms; the VAD needs 80 ms of voice)", detected),
            new(scenario, "client: first voiced 40 ms chunk sent -> last Audio of the cut reply (ms)", toLast),
            new(scenario, "audio arriving after SpeechStarted (ms of audio)", after),
        ];
    }

    private static async Task RunAsync(BenchSite site, string email, string mode, BenchSettings settings, Func<HubClient, bool, Task> iteration)
    {
        site.ResetSimulator();
        site.Simulator.Tts.PaceFactor = 4; // pipeline speech streamed like the realtime reply, 4x real time
        var conversation = await site.CreateConversationAsync(email);
        await using var client = await HubClient.ConnectAsync(site, email);
        await client.StartSessionAsync(conversation, mode);
        for (var i = 0; i < settings.Warmup + settings.Turns; i++)
        {
            await iteration(client, i >= settings.Warmup);
            await Task.Delay(300);
        }
        await client.EndSessionAsync();
        site.ResetSimulator();
    }

    /// <summary>What a browser would have played by <paramref name="at"/>: real time since the first audio, at most what arrived.</summary>
    private static int PlayedMs(HubClient client, HubEvent firstAudio, long at)
    {
        var arrived = Stats.AudioMs(client.Between(firstAudio.Index).Where(e => e.At <= at));
        return (int)Math.Min(Stats.Ms(firstAudio.At, at), arrived);
    }
}
