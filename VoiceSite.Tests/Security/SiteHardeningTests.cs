using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Security;

public sealed class LoggedSiteFactory : KestrelVoiceSiteFactory
{
    public LoggedSiteFactory() => CaptureLogs = true;
}

/// <summary>Issue 9, items 5 and 8: response headers everywhere; refused hub calls are short warnings without a stack trace.</summary>
public sealed class SiteHardeningTests(LoggedSiteFactory factory) : IClassFixture<LoggedSiteFactory>
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/Account/Login", false)]
    [InlineData("/Scenarios", true)]
    [InlineData("/Admin/Scenarios", true)]
    [InlineData("/css/site.css", false)]
    [InlineData("/lib/htmx/dist/htmx.min.js", false)]
    [InlineData("/js/voice/talk.js", false)]
    [InlineData("/no-such-page", true)]
    public async Task Every_response_carries_the_security_headers(string url, bool signedIn)
    {
        using var client = signedIn
            ? await factory.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword)
            : factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = factory.ServerAddress });

        using var response = await client.GetAsync(url);

        var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join("", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", string.Join("", response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style()
    {
        using var admin = await factory.CreateSignedInClientAsync(VoiceSiteFactory.AdminEmail, VoiceSiteFactory.AdminPassword);
        var conversation = await factory.CreateConversationAsync(VoiceSiteFactory.AdminEmail);
        foreach (var url in new[] { "/", "/Scenarios", $"/Conversations/{conversation}", "/Admin/Scenarios", "/Admin/Scenarios/Edit", "/Admin/Usage" })
        {
            var html = await admin.GetPageAsync(url);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
            Assert.DoesNotContain("<style", html);
            Assert.DoesNotMatch(@"\sstyle=""", html);
            Assert.DoesNotMatch(@"\son[a-z]+=""", html);
        }
    }

    [Fact]
    public async Task Refused_StartSession_calls_echo_a_short_prefix_and_log_a_warning_without_a_stack_trace()
    {
        var (user, _) = await factory.CreateSignedInUserAsync();
        var conversation = await factory.CreateConversationAsync(user.Email!);
        await using var client = await VoiceHubClient.ConnectAsync(factory, user.Email!);
        var longMode = new string('x', 50_000);

        var badMode = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(conversation, longMode));
        var unknown = await Assert.ThrowsAsync<HubException>(() => client.StartSessionAsync(Guid.NewGuid(), "realtime"));

        Assert.True(badMode.Message.Length < 300, $"{badMode.Message.Length} characters echoed");
        Assert.Contains("Unknown mode", badMode.Message);
        Assert.Contains("Conversation not found.", unknown.Message);
        await Task.Delay(200); // the log line is written as the refusal is sent
        var lines = factory.Logs.Entries.Where(e => e.Level >= LogLevel.Information
            && (e.Message.Contains("StartSession", StringComparison.Ordinal) || e.AllText.Contains("xxxxxxxxxx", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Null(e.Exception);
            Assert.True(e.AllText.Length < 1_000, $"{e.AllText.Length} characters logged");
        });
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Level >= LogLevel.Error);
    }
}

/// <summary>Issue 9, item 10: the simulator in Production.</summary>
public sealed class SimulatorInProductionTests
{
    private sealed class ProductionFactory(string? simulatorKey) : VoiceSiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Simulator:Enabled", "true");
            if (simulatorKey is not null)
                builder.UseSetting("Simulator:ApiKey", simulatorKey);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("simulator-key")]
    [InlineData("short")]
    public async Task Production_with_the_simulator_and_no_key_of_its_own_refuses_to_start(string? key)
    {
        await using var factory = new ProductionFactory(key);
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("Simulator__ApiKey", error.ToString());
    }

    [Fact]
    public async Task Production_with_a_key_of_its_own_answers_simulator_requests_without_it_with_401()
    {
        await using var factory = new ProductionFactory("a-long-private-simulator-key-42");
        using var client = factory.CreateClient();
        using var defaultKey = new HttpRequestMessage(HttpMethod.Get, "/simulator/speech/tts/cognitiveservices/voices/list");
        defaultKey.Headers.Add("Ocp-Apim-Subscription-Key", "simulator-key");
        using var answer = await client.SendAsync(defaultKey);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        using var none = await client.PostAsync("/simulator/openai/openai/deployments/gpt-4o-mini/chat/completions", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }
}
