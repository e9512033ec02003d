using System.Security.Claims;
using Microsoft.Net.Http.Headers;
using VoiceSite.Accounts;

namespace VoiceSite.Recordings;

/// <summary>
/// A conversation's recordings for its owner (<c>/Conversations/{id}/recordings</c>) and for administrators
/// (<c>/Admin/Conversations/{id}/recordings</c>): a JSON playlist, and each recording (1, 2, ...) as Ogg Opus with
/// HTTP range requests. Anyone else gets 404, as for a conversation that does not exist.
/// </summary>
public static class RecordingEndpoints
{
    /// <summary>The owner's address of a conversation's recordings (the playlist; recording n at <c>{path}/{n}</c>).</summary>
    public static string OwnerPath(Guid conversationId) => $"/Conversations/{conversationId}/recordings";

    /// <summary>An administrator's address of any conversation's recordings.</summary>
    public static string AdminPath(Guid conversationId) => $"/Admin/Conversations/{conversationId}/recordings";

    public static IEndpointRouteBuilder MapRecordings(this IEndpointRouteBuilder app)
    {
        var owner = app.MapGroup("/Conversations/{id:guid}/recordings").RequireAuthorization();
        owner.MapGet("", (Guid id, ClaimsPrincipal user, RecordingCatalog catalog, CancellationToken ct) =>
            PlaylistAsync(catalog, id, user.GetUserId(), OwnerPath(id), ct));
        owner.MapGet("/{number:int}", (Guid id, int number, ClaimsPrincipal user, RecordingCatalog catalog, CancellationToken ct) =>
            AudioAsync(catalog, id, user.GetUserId(), number, ct));

        var admin = app.MapGroup("/Admin/Conversations/{id:guid}/recordings").RequireAuthorization(Policies.Admin);
        admin.MapGet("", (Guid id, RecordingCatalog catalog, CancellationToken ct) =>
            PlaylistAsync(catalog, id, ownerId: null, AdminPath(id), ct));
        admin.MapGet("/{number:int}", (Guid id, int number, RecordingCatalog catalog, CancellationToken ct) =>
            AudioAsync(catalog, id, ownerId: null, number, ct));
        return app;
    }

    private static async Task<IResult> PlaylistAsync(RecordingCatalog catalog, Guid id, string? ownerId, string basePath, CancellationToken ct)
    {
        var playlist = await catalog.PlaylistAsync(id, ownerId, n => $"{basePath}/{n}", ct);
        return playlist is null ? Results.NotFound() : Results.Ok(playlist);
    }

    private static async Task<IResult> AudioAsync(RecordingCatalog catalog, Guid id, string? ownerId, int number, CancellationToken ct)
    {
        if (await catalog.OpenAsync(id, ownerId, number, ct) is not var (recording, audio))
            return Results.NotFound();
        // The tag changes as a recording in progress grows, so a range asked for with If-Range of an older length is answered whole.
        var tag = new EntityTagHeaderValue($"\"{recording.Id:N}-{audio.Length}\"");
        return new PrivateResult(Results.Stream(audio, recording.ContentType, lastModified: recording.UpdatedAt,
            entityTag: tag, enableRangeProcessing: true));
    }

    /// <summary>Someone's voice: never stored by shared caches.</summary>
    private sealed class PrivateResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "private, no-cache";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
