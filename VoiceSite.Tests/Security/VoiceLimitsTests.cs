using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using VoiceSite.Data.Entities;
using VoiceSite.Tests.Infrastructure;
using VoiceSite.Voice;

namespace VoiceSite.Tests.Security;

/// <summary>The site's default per-user voice limits (the base factory lifts the start rate), short idle and length limits.</summary>
public sealed class VoiceLimitsSiteFactory : KestrelVoiceSiteFactory
{
    public VoiceLimitsSiteFactory()
    {
        Settings["VoiceLimits:StartsPerMinute"] = "10";
        Settings["VoiceLimits:IdleLimit"] = "00:00:03";
        Settings["VoiceLimits:MaxSessionLength"] = "00:00:06";
        Settings["VoiceLimits:CheckInterval"] = "00:00:00.200";
    }
}

/// <summary>Issue 9, item 2: denial of wallet. Limits per user, seen from a hub client.</summary>
public sealed class VoiceLimitsTests(VoiceLimitsSiteFactory factory) : IClassFixture<VoiceLimitsSiteFactory>
{
    private static byte[] Speech => TestAudio.Concat(TestAudio.Tone(220, 600), TestAudio.Silence(700));

    [Fact]
    public async Task A_third_live_session_of_one_user_is_refused_with_the_reason()
    {
        // Three conversations (one conversation has one live session: a second tab takes it over).
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversations = new[]
        {
            await factory.CreateConversationAsync(user.Email!), await factory.CreateConversationAsync(user.Email!), await factory.CreateConversationAsync(user.Email!),
        };
        await using var first = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await using var second = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await using var third = await VoiceHubClient.ConnectAsync(factory, user.Email!);

        await first.StartSessionAsync(conversations[0], "pipeline");
        await second.StartSessionAsync(conversations[1], "pipeline");
        var refused = await Assert.ThrowsAsync<HubException>(() => third.StartSessionAsync(conversations[2], "pipeline"));
        Assert.Contains("2 live voice sessions", refused.Message);

        // Switching modes on a connection that has a session is not a new one; ending one frees a place.
        await first.StartSessionAsync(conversations[0], "realtime");
        await second.Connection.InvokeCoreAsync("EndSession", typeof(object), []);
        await third.StartSessionAsync(conversations[2], "pipeline");
    }

    [Fact]
    public async Task Rapid_starts_are_refused_after_the_rate_limit_with_when_to_retry()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);

        var started = 0;
        var refusals = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await client.StartSessionAsync(conversation, "pipeline");
                started++;
            }
            catch (HubException e)
            {
                refusals.Add(e.Message);
            }
        }

        Assert.InRange(started, 10, 11); // the bucket holds 10 and may have refilled one
        Assert.Equal(100 - started, refusals.Count);
        Assert.All(refusals, m => Assert.Matches(@"at most 10 a minute\. Try again in \d+ s\.", m));

        // A new connection of the same user starts nothing afresh.
        await using var again = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await Assert.ThrowsAsync<HubException>(() => again.StartSessionAsync(conversation, "pipeline"));
    }

    [Fact]
    public async Task A_flood_after_a_session_restart_or_a_reconnect_still_ends_the_session()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");
        var chunk = TestAudio.Silence(500);

        for (var i = 0; i < 200 && !client.Events.Any(e => e.Name == "SessionEnded"); i++)
            await client.SendAudioAsync(chunk);
        await client.WaitForAsync("SessionEnded");

        // Restarted: no fresh burst. Four seconds of audio at once (within a fresh 3 s burst + drops) end it again.
        var before = client.Events.Count;
        await client.StartSessionAsync(conversation, "pipeline");
        for (var i = 0; i < 8; i++)
            await client.SendAudioAsync(chunk);
        var ended = await client.WaitForAsync("SessionEnded", after: before);
        Assert.Contains("faster than real time", ended.Text(0));

        // The same from a new connection of the same user.
        await using var reconnected = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await reconnected.StartSessionAsync(conversation, "pipeline");
        for (var i = 0; i < 8; i++)
            await reconnected.SendAudioAsync(chunk);
        await reconnected.WaitForAsync("SessionEnded");
    }

    [Fact]
    public async Task A_session_nobody_speaks_in_ends_at_the_idle_limit_with_the_reason()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        var error = await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.IdleLimit);
        var ended = await client.WaitForAsync("SessionEnded");
        Assert.Contains("idle limit", error.Text(1));
        Assert.Equal(error.Text(1), ended.Text(0));
    }

    [Fact]
    public async Task A_session_ends_at_the_length_limit_even_while_people_talk()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        using var talking = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!client.Events.Any(e => e.Name == "SessionEnded") && !talking.IsCancellationRequested)
            await client.SpeakAsync(Speech, talking.Token);
        var error = await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.SessionLengthLimit);
        Assert.Contains("length limit", error.Text(1));
    }

    [Fact]
    public async Task The_daily_allowance_refuses_new_sessions_ends_live_ones_and_an_administrator_raises_it()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        await client.StartSessionAsync(conversation, "pipeline");

        // 59 min 59 s used today already (stands in for an hour of talking): the live session is ended at the next check.
        await SetUsedAsync(user.Id, 60 * 60 - 1);
        var error = await client.WaitForAsync("Error", e => e.Text(0) == VoiceErrorCodes.DailyLimit);
        Assert.Contains("today's 60 voice minutes", error.Text(1));
        Assert.Contains("midnight UTC", error.Text(1));
        var refused = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation, "pipeline"));
        Assert.Contains("today's 60 voice minutes", refused.Message);

        // The administrator sees the use and raises the allowance on the usage page (htmx, real antiforgery token).
        var admin = await factory.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        var page = await admin.GetPageAsync("/Admin/Usage");
        Assert.Contains(user.Email!, page);
        Assert.Contains("60.0 min", page);
        using var raised = await admin.PostFormAsync($"/Admin/Usage?handler=Allowance&userId={user.Id}",
            [new("dailyMinutes", "120"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))], htmx: true);
        var row = await raised.Content.ReadAsStringAsync();
        Assert.True(raised.IsSuccessStatusCode, row);
        Assert.Contains("120 min (own)", row);
        using var bad = await admin.PostFormAsync($"/Admin/Usage?handler=Allowance&userId={user.Id}",
            [new("dailyMinutes", "lots"), new(HtmlForms.TokenField, HtmlForms.AntiforgeryToken(page))], htmx: true);
        Assert.Contains("Enter whole minutes from 1 to 1440", await bad.Content.ReadAsStringAsync());

        await client.StartSessionAsync(conversation, "pipeline");
        var stored = await factory.WithDbAsync(db => db.VoiceAllowances.AsNoTracking().SingleAsync(a => a.UserId == user.Id));
        Assert.Equal(120, stored.DailyMinutes);
    }

    private Task<int> SetUsedAsync(string userId, double seconds) => factory.WithDbAsync(async db =>
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var row = await db.VoiceUsage.FirstOrDefaultAsync(u => u.UserId == userId && u.Day == today);
        if (row is null)
            db.VoiceUsage.Add(new VoiceUsage { UserId = userId, Day = today, Seconds = seconds });
        else
            row.Seconds = seconds;
        return await db.SaveChangesAsync();
    });
}
