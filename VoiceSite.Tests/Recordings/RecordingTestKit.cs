using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>Shared steps of the recording tests.</summary>
public static class RecordingTestKit
{
    /// <summary>The user's test tone: well above the simulated assistant voice (120-630 Hz), a whole number of cycles per 20 ms.</summary>
    public const double ToneHz = 1000;

    /// <summary>1.5 s of tone, then 1 s of quiet: one user turn.</summary>
    public static readonly byte[] Utterance = TestAudio.Concat(TestAudio.Tone(ToneHz, 1500), TestAudio.Silence(1000));

    /// <summary>Sends audio in 40 ms chunks at real time, as a browser's microphone does (each chunk when its time comes).</summary>
    public static async Task SpeakInRealTimeAsync(this VoiceHubClient client, byte[] pcm16)
    {
        var clock = Stopwatch.StartNew();
        var sentMs = 0.0;
        foreach (var chunk in TestAudio.Chunks(pcm16, 40))
        {
            sentMs += chunk.Length / 48.0;
            var wait = sentMs - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            await client.SendAudioAsync(chunk);
        }
    }

    public static Task EndSessionAsync(this VoiceHubClient client) => client.Connection.InvokeAsync("EndSession");

    public static Task<List<Recording>> RecordingsAsync(this VoiceSiteFactory factory, Guid conversation) =>
        factory.WithDbAsync(db => db.Recordings.AsNoTracking().Where(r => r.ConversationId == conversation).OrderBy(r => r.StartedAt).ToListAsync());

    /// <summary>Waits until the conversation has a recording matching <paramref name="match"/>; fails after the timeout.</summary>
    public static async Task<Recording> WaitForRecordingAsync(this VoiceSiteFactory factory, Guid conversation, Func<Recording, bool> match, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if ((await factory.RecordingsAsync(conversation)).FirstOrDefault(match) is { } recording)
                return recording;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"No matching recording within {timeoutSeconds} s.");
            await Task.Delay(100);
        }
    }

    /// <summary>The recording's file as the local store keeps it.</summary>
    public static string FileOf(this VoiceSiteFactory factory, Recording recording) =>
        Path.Combine(factory.DataDirectory, "recordings", recording.StorageKey);

    public static double OffsetMs(this Recording recording, DateTime at) => (at - recording.StartedAt).TotalMilliseconds;

    /// <summary>Length of <paramref name="pcm"/> up to its last sound (the simulator's replies end with a pause).</summary>
    public static double AudibleMs(byte[] pcm)
    {
        var samples = VoiceSite.Audio.Pcm16.ToFloat(pcm);
        var last = Array.FindLastIndex(samples, s => Math.Abs(s) > 0.005f);
        return (last + 1) / 24.0;
    }

    /// <summary>Like Assert.InRange, saying where things were found when it fails.</summary>
    public static void InRange(double value, double low, double high, string context) =>
        Assert.True(value >= low && value <= high, $"{value:0.#} is not within [{low:0.#}, {high:0.#}]: {context}");
}
