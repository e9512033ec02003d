using System.IO.Pipelines;
using System.Net;

namespace VoiceSite.Voice.Pipeline;

/// <summary>
/// A request body fed from a <see cref="Pipe"/> while the request is in flight: every flush of the writer goes on the
/// wire at once, as a chunk of a chunked transfer (no length is known up front).
/// </summary>
internal sealed class PipeContent(PipeReader reader) : HttpContent
{
    /// <summary>Completes when the body starts being sent (the connection is up and, with Expect: 100-continue, the server said go on).</summary>
    public Task BodyStarted => _bodyStarted.Task;

    private readonly TaskCompletionSource _bodyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _bodyStarted.TrySetResult();
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken);
                foreach (var segment in read.Buffer)
                    await stream.WriteAsync(segment, cancellationToken);
                reader.AdvanceTo(read.Buffer.End);
                await stream.FlushAsync(cancellationToken);
                if (read.IsCompleted || read.IsCanceled)
                    break;
            }
        }
        finally
        {
            // Without an exception, so that a writer still pushing audio just sees the reader gone.
            await reader.CompleteAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
