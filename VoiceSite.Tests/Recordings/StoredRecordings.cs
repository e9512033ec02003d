using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using VoiceSite.Data.Entities;
using VoiceSite.Recordings.Ogg;
using VoiceSite.Recordings.Storage;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>Recordings put straight into the store and the database, for tests that are not about recording itself.</summary>
public static class StoredRecordings
{
    /// <summary>A real Ogg Opus file: <paramref name="seconds"/> of a 440 Hz tone.</summary>
    public static byte[] OggTone(int seconds)
    {
        var encoder = new OggOpusEncoder(24_000, 5, 50, serial: 1);
        var output = new ArrayBufferWriter<byte>();
        encoder.WriteHeaders(output);
        var frame = new short[OggOpusEncoder.FrameSamples];
        for (var f = 0; f < seconds * 50; f++)
        {
            for (var i = 0; i < frame.Length; i++)
                frame[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * (f * frame.Length + i) / 24_000));
            encoder.EncodeFrame(frame);
            if (encoder.PageReady)
                encoder.WritePage(output);
        }
        encoder.Finish(output, seconds * 24_000L);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Stores <paramref name="audio"/> as a recording of <paramref name="conversation"/> that started at <paramref name="startedAt"/>.</summary>
    public static async Task<Recording> AddAsync(VoiceSiteFactory factory, Guid conversation, byte[] audio, DateTime startedAt, int durationMs = 3000)
    {
        var store = factory.Services.GetRequiredService<IRecordingStore>();
        var recording = new Recording
        {
            ConversationId = conversation,
            Mode = VoiceMode.Realtime,
            StartedAt = startedAt,
            DurationMs = durationMs,
            ByteSize = audio.Length,
            ContentType = "audio/ogg",
            UpdatedAt = startedAt,
            CompletedAt = startedAt.AddMilliseconds(durationMs),
        };
        recording.StorageKey = $"{conversation:N}/{recording.Id:N}.ogg";
        await using (var appender = await store.CreateAsync(recording.StorageKey, recording.ContentType, CancellationToken.None))
            await appender.AppendAsync(audio, CancellationToken.None);
        await factory.WithDbAsync(async db =>
        {
            db.Recordings.Add(recording);
            return await db.SaveChangesAsync();
        });
        return recording;
    }
}
