using System.Net;
using System.Text.RegularExpressions;
using VoiceSite.Recordings;
using VoiceSite.Tests.Admin;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Recordings;

/// <summary>
/// The replay player and the transcript's seek links on the conversation, feedback and admin attempt pages: where each
/// turn is heard follows from its stored start and its session's recording start; only the owner (and administrators
/// through /Admin) see any of it.
/// </summary>
public sealed partial class ReplayPageTests(VoiceSiteFactory factory) : IClassFixture<VoiceSiteFactory>
{
    /// <summary>A turn's element: its seek data and its seek link, as the page renders them.</summary>
    private sealed record RenderedTurn(string? SeekMs, string? Recording, string? PositionMs, string? Href);

    private static RenderedTurn Rendered(string html, Guid turnId)
    {
        var start = html.IndexOf($"id=\"turn-{turnId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"turn {turnId} is not on the page");
        var end = html.IndexOf("class=\"text\"", start, StringComparison.Ordinal);
        var element = html[start..end];
        string? Attr(string pattern) => Regex.Match(element, pattern) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        return new RenderedTurn(
            Attr("^[^>]*data-seek-ms=\"(\\d+)\""),
            Attr("data-role=\"seek\"[^>]*data-recording=\"(\\d+)\""),
            Attr("data-role=\"seek\"[^>]*data-position-ms=\"(\\d+)\""),
            Attr("class=\"seek\" href=\"([^\"]+)\""));
    }

    private static void AssertSeekData(string html, ReplayScene scene, string recordingsPath)
    {
        for (var i = 0; i < scene.Turns.Count; i++)
        {
            var turn = Rendered(html, scene.Turns[i].Id);
            if (ReplayScene.Expected[i] is not var (recording, position, playlist))
            {
                Assert.Equal(new RenderedTurn(null, null, null, null), turn);
                continue;
            }
            var fragment = (position / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(new RenderedTurn($"{playlist}", $"{recording}", $"{position}", $"{recordingsPath}/{recording}#t={fragment}"), turn);
        }
    }

    private static void AssertPlayer(string html, string recordingsPath)
    {
        Assert.Contains("data-role=\"replay\" data-total-ms=\"35000\"", html, StringComparison.Ordinal);
        Assert.Contains($"<audio preload=\"metadata\" data-role=\"replay-audio\" src=\"{recordingsPath}/1\"></audio>", html, StringComparison.Ordinal);
        Assert.Contains($"data-number=\"1\" data-url=\"{recordingsPath}/1\" data-offset-ms=\"0\" data-duration-ms=\"20000\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-number=\"2\" data-url=\"{recordingsPath}/2\" data-offset-ms=\"20000\" data-duration-ms=\"15000\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Position in the recording\"", html, StringComparison.Ordinal);
        Assert.Matches(@"/js/replay/replay\.[a-z0-9]+\.js", html); // fingerprinted by the static asset manifest
    }

    [Fact]
    public async Task The_owner_sees_the_player_and_each_recorded_turn_placed_by_its_start_against_its_recording()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        using var _ = owner;
        var scene = await ReplayScene.CreateAsync(factory, user.Email!);
        var path = $"/Conversations/{scene.Conversation}/recordings";

        var page = await owner.GetPageAsync($"/Conversations/{scene.Conversation}");
        AssertPlayer(page, path);
        AssertSeekData(page, scene, path);
        // 21.5 s into the playlist: recording 1 lasts 20 s, and the answer came 1.5 s into recording 2.
        Assert.Contains("aria-label=\"Listen from 0:21\"", page, StringComparison.Ordinal);

        // The transcript as htmx refreshes it during a conversation keeps the same places.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/Conversations/{scene.Conversation}?handler=Transcript");
        request.Headers.Add("HX-Request", "true");
        using var partial = await owner.SendAsync(request);
        var transcript = await partial.Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-role=\"replay\"", transcript, StringComparison.Ordinal);
        AssertSeekData(transcript, scene, path);

        // The feedback page: the same player, and the quotes lead to turns that have a place in the audio.
        var feedback = await owner.GetPageAsync($"/Conversations/{scene.Conversation}/Feedback");
        AssertPlayer(feedback, path);
        AssertSeekData(feedback, scene, path);
        // "we halved our outages" begins 25 characters into the 46 of "i led a team of four and we halved our outages".
        Assert.Contains($"<a href=\"#turn-{scene.Answer.Id}\" data-role=\"quote-link\" data-quote-at=\"0.543\">", feedback, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#turn-{scene.Greeting.Id}\" data-role=\"quote-link\" data-quote-at=\"0.182\">", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_user_gets_404_for_every_page_part_and_an_administrator_sees_the_player_only_through_admin()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        owner.Dispose();
        var scene = await ReplayScene.CreateAsync(factory, user.Email!);
        var (_, stranger) = await factory.CreateSignedInUserAsync();
        using (stranger)
        {
            foreach (var url in new[]
                     {
                         $"/Conversations/{scene.Conversation}", $"/Conversations/{scene.Conversation}?handler=Transcript",
                         $"/Conversations/{scene.Conversation}/Feedback", $"/Conversations/{scene.Conversation}/Feedback?handler=Status",
                         $"/Conversations/{scene.Conversation}/recordings", $"/Conversations/{scene.Conversation}/recordings/1",
                     })
            {
                using var response = await stranger.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
            }
            using var adminPage = await stranger.GetAsync($"/Admin/Attempts/{scene.Conversation}");
            Assert.NotEqual(HttpStatusCode.OK, adminPage.StatusCode);
        }

        using var admin = await AdminClient.SignInAsync(factory);
        using (var own = await admin.GetAsync($"/Conversations/{scene.Conversation}"))
            Assert.Equal(HttpStatusCode.NotFound, own.StatusCode); // not the administrator's conversation
        var attempt = await admin.GetPageAsync($"/Admin/Attempts/{scene.Conversation}");
        var adminPath = $"/Admin/Conversations/{scene.Conversation}/recordings";
        AssertPlayer(attempt, adminPath);
        AssertSeekData(attempt, scene, adminPath);
        Assert.DoesNotContain($"\"/Conversations/{scene.Conversation}/recordings", attempt, StringComparison.Ordinal);
        using var audio = await admin.GetAsync($"{adminPath}/2");
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
    }

    [Fact]
    public async Task Without_a_recording_the_pages_show_no_player_and_no_seek_links()
    {
        var (user, owner) = await factory.CreateSignedInUserAsync();
        using var _ = owner;
        var conversation = await factory.CreateConversationAsync(user.Email!, c =>
            c.Turns.Add(new VoiceSite.Data.Entities.Turn { Role = VoiceSite.Data.Entities.TurnRole.User, Text = "Hello", StartedAt = DateTime.UtcNow, Sequence = 1 }));
        foreach (var url in new[] { $"/Conversations/{conversation}", $"/Conversations/{conversation}/Feedback" })
        {
            var page = await owner.GetPageAsync(url);
            Assert.Contains("Hello", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-role=\"replay\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-seek-ms", page, StringComparison.Ordinal);
            Assert.DoesNotContain("/js/replay/", page, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("I led a team of four, and we halved our outages.", "we halved our outages", 0.543)]
    [InlineData("Hello, I am here for the interview.", "Hello, I am", 0)]
    [InlineData("Well... I’d say we shipped it on time.", "I'd say … on time", 0.147)]
    [InlineData("Nothing like it here.", "elsewhere", 0)]
    public void A_quote_starts_that_share_into_its_turn(string text, string quote, double share) =>
        Assert.Equal(share, VoiceSite.Coaching.QuoteMoment.Share(text, quote));

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(7_500, "0:07")]
    [InlineData(65_000, "1:05")]
    [InlineData(3_723_000, "1:02:03")]
    public void Clock_reads_as_minutes_and_seconds(int ms, string expected) => Assert.Equal(expected, ReplayView.Clock(ms));
}
