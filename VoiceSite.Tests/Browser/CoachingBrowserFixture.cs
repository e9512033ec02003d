using Microsoft.Playwright;
using VoiceSite.Audio;
using VoiceSite.Simulator;
using VoiceSite.Tests.Coaching;
using VoiceSite.Tests.Infrastructure;

namespace VoiceSite.Tests.Browser;

/// <summary>
/// Real headless Chromium for the learner's coaching journey, whose fake microphone first stays silent long enough for the
/// AI's opening line to be heard, then says <see cref="SpokenText"/>, then is silent again (Chromium loops the file).
/// The site has a quick job engine, so the feedback is ready soon after finishing.
/// </summary>
public sealed class CoachingBrowserFixture : IAsyncLifetime
{
    public const string SpokenText = "I led a team of four, and we halved our outages in a year.";
    public const int SilenceBeforeMs = 9000;
    public const int SilenceAfterMs = 12000;

    private IPlaywright? _playwright;

    public CoachingSiteFactory Site { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string MicrophoneWav { get; } = Path.Combine(Path.GetTempPath(), $"voicesite-coaching-mic-{Guid.NewGuid():N}.wav");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
            throw new InvalidOperationException($"Chromium was not found at {BrowserFixture.ChromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.");
        var speech = SpeechLikeAudio.Synthesize(SpokenText);
        var before = new byte[Pcm16.BytesFor(TimeSpan.FromMilliseconds(SilenceBeforeMs))];
        var after = new byte[Pcm16.BytesFor(TimeSpan.FromMilliseconds(SilenceAfterMs))];
        await using (var file = File.Create(MicrophoneWav))
        {
            file.Write(WavHeader.Create(Pcm16.SampleRate, before.Length + speech.Length + after.Length));
            file.Write(before);
            file.Write(speech);
            file.Write(after);
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
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

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.ServerAddress.ToString(),
            Permissions = ["microphone"],
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Site.DisposeAsync();
        File.Delete(MicrophoneWav);
    }
}
