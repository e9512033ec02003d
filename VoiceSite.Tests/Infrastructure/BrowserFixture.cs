using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VoiceSite.Audio;
using VoiceSite.Simulator;

namespace VoiceSite.Tests.Infrastructure;

/// <summary>
/// The site on a real socket and a real headless Chromium whose microphone plays a WAV made here:
/// speech-like audio, then silence, looped by Chromium. Fails (never skips) when Chromium is missing.
/// </summary>
public sealed partial class BrowserFixture : IAsyncLifetime
{
    /// <summary>Speech at the start of each loop of the fake microphone.</summary>
    public const string SpokenText = "Hello there, I would like to practise.";
    public const int SilenceAfterMs = 4300;

    private IPlaywright? _playwright;

    public KestrelVoiceSiteFactory Site { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string MicrophoneWav { get; } = Path.Combine(Path.GetTempPath(), $"voicesite-mic-{Guid.NewGuid():N}.wav");

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

    /// <summary>Milliseconds of speech in each loop.</summary>
    public static int SpeechMs => SpeechLikeAudio.DurationMs(SpokenText);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}. Install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH.");
        WriteMicrophoneWav();
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-audio-capture={MicrophoneWav}",
                "--disable-background-networking",
                "--disable-component-update",
                "--autoplay-policy=no-user-gesture-required",
                "--disable-gpu",
            ],
        });
    }

    private void WriteMicrophoneWav()
    {
        var speech = SpeechLikeAudio.Synthesize(SpokenText);
        var silence = new byte[Pcm16.BytesFor(TimeSpan.FromMilliseconds(SilenceAfterMs))];
        using var file = File.Create(MicrophoneWav);
        file.Write(WavHeader.Create(Pcm16.SampleRate, speech.Length + silence.Length));
        file.Write(speech);
        file.Write(silence);
    }

    /// <summary>A fresh browser context (own cookies) with the microphone allowed, on a given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.ServerAddress.ToString(),
            Permissions = ["microphone"],
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        lock (_contexts)
            _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>
    /// Closes every page opened with <see cref="NewPageAsync"/>: after each test (see <see cref="BrowserTest"/>), so a page
    /// left talking does not go on streaming its fake microphone to the site through the tests that follow.
    /// </summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in open)
            await context.CloseAsync();
    }

    /// <summary>
    /// Where a screenshot named <paramref name="name"/> goes: <c>SCREENSHOTS_DIR</c> when set (scripts/screenshots.sh
    /// points it at docs/screenshots for the README), otherwise a temporary folder.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "voicesite-screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    /// <summary>Console errors, page errors and Content-Security-Policy violations (as console errors) seen on <paramref name="page"/>.</summary>
    public static async Task<List<string>> WatchAsync(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                problems.Add(message.Text);
        };
        page.PageError += (_, error) => problems.Add(error);
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        return problems;
    }

    /// <summary>Signs in through the real form.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = "User-pass-1")
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        // What the form's POST did, for the failure message when the page stays on the login form.
        var posts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Sent(object? sender, IRequest request) { if (request.Method == "POST") posts.Enqueue($"sent {DateTime.UtcNow:HH:mm:ss.fff} {request.Url}"); }
        void Answered(object? sender, IResponse response) { if (response.Request.Method == "POST") posts.Enqueue($"answered {DateTime.UtcNow:HH:mm:ss.fff} {response.Status}"); }
        void Failed(object? sender, IRequest request) { if (request.Method == "POST") posts.Enqueue($"failed {DateTime.UtcNow:HH:mm:ss.fff} {request.Failure}"); }
        page.Request += Sent;
        page.Response += Answered;
        page.RequestFailed += Failed;
        var clickedAt = DateTime.UtcNow;
        try
        {
            await page.ClickAsync("form button[type=submit]");
            // Signed in once the address leaves the form, polled. Not WaitForURLAsync: when the address has already
            // changed by the time it is called, it waits for the next page's load event instead, whatever WaitUntil
            // says; that once stalled for 30 s on a home page already shown, after a 302 that had signed in.
            await Assertions.Expect(page).Not.ToHaveURLAsync(LoginAddress(), new() { Timeout = 30_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            var text = await page.InnerTextAsync("body", new() { Timeout = 5_000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : $"(unreadable: {t.Exception?.InnerException?.Message})");
            throw new TimeoutException($"Signing in as {email} stayed on {page.Url} (clicked at {clickedAt:HH:mm:ss.fff}); the form's POST: [{string.Join("; ", posts)}]; the page says: {text[..Math.Min(text.Length, 600)]}", e);
        }
        finally
        {
            page.Request -= Sent;
            page.Response -= Answered;
            page.RequestFailed -= Failed;
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    [GeneratedRegex("/Account/Login", RegexOptions.IgnoreCase)]
    private static partial Regex LoginAddress();

    /// <summary>The simulator's transcript of the microphone's speech, e.g. "(2.3 s of speech)".</summary>
    [GeneratedRegex(@"^\(\d+\.\d s of speech\)$")]
    public static partial Regex SpeechTranscript();

    /// <summary>The Talk section's counters (sent/received audio, played samples, barge-ins, ...).</summary>
    public static async Task<TalkStats> StatsAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("() => window.voiceTalk.stats()"))
            .Deserialize<TalkStats>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    /// <summary>Waits until a JavaScript condition on <c>window.voiceTalk.stats()</c> holds, e.g. <c>s => s.interrupts > 0</c>.</summary>
    public static Task WaitForStatsAsync(IPage page, string condition, int timeoutMs = 30_000) =>
        page.WaitForFunctionAsync($"() => ({condition})(window.voiceTalk.stats())", null, new PageWaitForFunctionOptions { Timeout = timeoutMs });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Site.DisposeAsync();
        File.Delete(MicrophoneWav);
    }
}

public sealed record TalkStats(
    long SentBytes, int SentFrames, int SpeechStarted, int Interrupts, int? LastInterruptMs, int TurnsCompleted,
    string[] Errors, string? Mode, string State, long ReceivedBytes, long PlayedSamples, bool Playing, double? ContextRate,
    string Caption, string CaptionSource, double TurnPlayedMs);

/// <summary>A browser test: the pages it opened are closed when it ends (tests in a collection run one at a time).</summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    protected BrowserFixture Fixture { get; } = browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Fixture.CloseContextsAsync();
}

/// <summary>
/// The browser tests come in three collections, each with its own site and Chromium, so they run beside each other
/// (they spend most of their time waiting for audio played in real time). Within a collection they run in turn.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>Talking: both modes, captions, states, the page's policy.</summary>
    public const string Name = "browser";
}

[CollectionDefinition(Name)]
public sealed class BrowserPagesCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>Pages: accessibility, editors, start form, dashboard, screenshots.</summary>
    public const string Name = "browser pages";
}

[CollectionDefinition(Name)]
public sealed class BrowserJourneysCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>Long journeys: coaching from start to feedback, replay, failover between replicas.</summary>
    public const string Name = "browser journeys";
}
