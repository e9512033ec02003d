using Microsoft.AspNetCore.Http.HttpResults;

namespace VoiceSite.Voice.Samples;

/// <summary><c>GET /voices/sample?mode=realtime|pipeline&amp;voice=id</c>: a WAV of the voice, for the start form's "Play a sample".</summary>
public static class VoiceSampleEndpoints
{
    public const string Path = "/voices/sample";

    public static IEndpointRouteBuilder MapVoiceSamples(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound<string>, ProblemHttpResult>> GetAsync(
        string? mode, string? voice, VoiceSamples samples, HttpContext http, CancellationToken cancellationToken)
    {
        if (!VoiceModes.TryParse(mode, out var voiceMode) || string.IsNullOrWhiteSpace(voice) || voice.Length > 200)
            return TypedResults.NotFound("No such voice.");
        try
        {
            if (await samples.GetAsync(voiceMode, voice, cancellationToken) is not { } wav)
                return TypedResults.NotFound("No such voice.");
            http.Response.Headers.CacheControl = "private, max-age=86400";
            return TypedResults.File(wav, "audio/wav");
        }
        catch (VoiceSessionException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
