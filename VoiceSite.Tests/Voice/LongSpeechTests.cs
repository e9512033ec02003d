using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Tests.Pipeline;

namespace VoiceSite.Tests.Voice;

/// <summary>The site with speech-to-text requests capped at 2 s (55 s in production) so long speech is quick to test.</summary>
public sealed class ShortSegmentSiteFactory : PipelineSiteFactory
{
    public ShortSegmentSiteFactory() => Settings["Pipeline:SegmentLimit"] = "00:00:02";
}

/// <summary>Speech longer than one speech-to-text request may hold is split over several and joined into one turn.</summary>
public sealed partial class LongSpeechTests(ShortSegmentSiteFactory factory) : IClassFixture<ShortSegmentSiteFactory>
{
    [Fact]
    public async Task Speech_longer_than_the_segment_limit_is_recognized_in_pieces_and_stored_as_one_turn()
    {
        factory.ResetSimulator();
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        await client.SpeakAsync(TestAudio.Concat(TestAudio.Tone(220, 5000), TestAudio.Silence(1000)));
        var transcript = (await client.WaitForAsync("UserTranscript")).Text(1);
        await client.WaitForAsync("AssistantTranscriptDelta");

        // Each request's result is the simulator's "(x s of speech)"; three requests cover the five seconds.
        var pieces = Piece().Matches(transcript);
        Assert.True(pieces.Count == 3, $"expected three recognitions, got \"{transcript}\"");
        Assert.Equal(transcript, string.Join(' ', pieces.Select(p => p.Value)));
        var total = pieces.Sum(p => double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(total, 4.7, 5.3);

        var turns = await factory.WithDbAsync(db => db.Turns.AsNoTracking()
            .Where(t => t.ConversationId == conversation && t.Role == TurnRole.User).ToListAsync());
        var stored = Assert.Single(turns);
        Assert.Equal(transcript, stored.Text);
        Assert.InRange(stored.DurationMs!.Value, 4900, 5100);
        Assert.Equal(1, client.Events.Count(e => e.Name == "SpeechStarted"));
    }

    [GeneratedRegex(@"\((\d+\.\d) s of speech\)")]
    private static partial Regex Piece();
}
