using System.Buffers;
using VoiceSite.Recordings;

namespace VoiceSite.Tests.Recordings;

/// <summary>Placement of both voices on the session timeline (24 kHz samples), without clocks or codecs.</summary>
public sealed class RecordingTimelineTests
{
    private const int Ms = 24;

    /// <summary>A rented chunk of <paramref name="ms"/> ms whose samples all hold <paramref name="value"/>.</summary>
    private static (byte[] Buffer, int Bytes) Chunk(int ms, short value)
    {
        var bytes = ms * Ms * 2;
        var buffer = ArrayPool<byte>.Shared.Rent(bytes);
        for (var i = 0; i < bytes; i += 2)
            BitConverter.TryWriteBytes(buffer.AsSpan(i), value);
        return (buffer, bytes);
    }

    private static short[] MixAll(RecordingTimeline timeline, int ms)
    {
        var all = new short[ms * Ms];
        var frame = new short[480];
        for (var at = 0; at < all.Length; at += frame.Length)
        {
            timeline.MixNext(frame);
            frame.CopyTo(all, at);
        }
        return all;
    }

    private static void User(RecordingTimeline t, int arrivalMs, int ms, short value) { var (b, n) = Chunk(ms, value); t.AddUser(arrivalMs * Ms, b, n); }

    private static void Assistant(RecordingTimeline t, Guid turn, int arrivalMs, int ms, short value) { var (b, n) = Chunk(ms, value); t.AddAssistant(turn, arrivalMs * Ms, b, n); }

    /// <summary>Value of the mix at <paramref name="ms"/>.</summary>
    private static short At(short[] mix, int ms) => mix[ms * Ms];

    [Fact]
    public void User_audio_starts_where_captured_and_stays_contiguous_through_jitter()
    {
        var t = new RecordingTimeline();
        User(t, 140, 40, 100);   // captured 100-140
        User(t, 230, 40, 100);   // 50 ms late: jitter, so it follows at 140-180
        User(t, 260, 40, 100);   // 180-220
        t.Settle(long.MaxValue);
        var mix = MixAll(t, 400);
        Assert.Equal(0, At(mix, 99));
        Assert.Equal(100, At(mix, 100));
        Assert.Equal(100, At(mix, 219));
        Assert.Equal(0, At(mix, 221));
    }

    [Fact]
    public void A_stall_followed_by_a_burst_leaves_no_gap_but_a_real_pause_does()
    {
        var t = new RecordingTimeline();
        for (var i = 1; i <= 5; i++)
            User(t, 40 * i, 40, 100);          // 0-200, on time
        for (var i = 6; i <= 20; i++)
            User(t, 800 + i, 40, 200);         // captured 200-800 but held up, then all at once at 806-820
        for (var i = 21; i <= 25; i++)
            User(t, 40 * i, 40, 300);          // on time again: 800-1000
        User(t, 3040, 40, 400);                // muted for two seconds: where captured, 3000-3040
        for (var i = 1; i <= 5; i++)
            User(t, 3040 + 40 * i, 40, 400);
        t.Settle(long.MaxValue);
        var mix = MixAll(t, 3400);
        Assert.Equal(100, At(mix, 199));
        Assert.Equal(200, At(mix, 200));
        Assert.Equal(200, At(mix, 799));
        Assert.Equal(300, At(mix, 800));
        Assert.Equal(300, At(mix, 999));
        Assert.Equal(0, At(mix, 1001));
        Assert.Equal(0, At(mix, 2999));
        Assert.Equal(400, At(mix, 3000));
        Assert.Equal(400, At(mix, 3239));
        Assert.Equal(0, At(mix, 3241));
    }

    [Fact]
    public void A_burst_of_reply_audio_plays_back_to_back_from_its_first_arrival_and_mixes_with_the_user()
    {
        var t = new RecordingTimeline();
        var turn = Guid.NewGuid();
        Assistant(t, turn, 500, 300, 1000);   // 500-800
        Assistant(t, turn, 510, 300, 2000);   // 800-1100 (arrived early: queued)
        User(t, 1000, 100, 7);                // 900-1000
        t.Settle(long.MaxValue);
        var mix = MixAll(t, 1200);
        Assert.Equal(0, At(mix, 499));
        Assert.Equal(1000, At(mix, 500));
        Assert.Equal(2000, At(mix, 850));
        Assert.Equal(2007, At(mix, 950));
        Assert.Equal(0, At(mix, 1100));
        Assert.Equal(1100 * Ms, t.AssistantEnd);
    }

    [Fact]
    public void A_barge_in_cuts_the_turn_after_the_played_milliseconds_and_the_next_reply_starts_at_its_arrival()
    {
        var t = new RecordingTimeline();
        var first = Guid.NewGuid();
        Assistant(t, first, 100, 400, 1000);  // 100-500
        Assistant(t, first, 120, 400, 2000);  // 500-900
        t.CutAssistant(first, 550);           // heard to 650
        Assistant(t, first, 200, 400, 3000);  // the cancelled reply's tail: dropped
        var second = Guid.NewGuid();
        Assistant(t, second, 1000, 200, 4000); // 1000-1200
        var mix = MixAll(t, 1300);
        Assert.Equal(2000, At(mix, 649));
        Assert.Equal(0, At(mix, 651));
        Assert.Equal(0, At(mix, 999));
        Assert.Equal(4000, At(mix, 1000));
        Assert.Equal(0, At(mix, 1201));
    }

    [Fact]
    public void A_reply_that_arrives_in_fits_and_starts_stays_contiguous_so_it_keeps_its_stored_length()
    {
        var t = new RecordingTimeline();
        var turn = Guid.NewGuid();
        Assistant(t, turn, 0, 100, 1000);     // 0-100
        Assistant(t, turn, 150, 100, 2000);   // late: still 100-200
        Assistant(t, turn, 600, 100, 3000);   // much later: still 200-300
        t.CutAssistant(turn, 250);            // 250 ms of the turn: to 250
        var mix = MixAll(t, 800);
        Assert.Equal(2000, At(mix, 199));
        Assert.Equal(3000, At(mix, 249));
        Assert.Equal(0, At(mix, 251));
    }
}
