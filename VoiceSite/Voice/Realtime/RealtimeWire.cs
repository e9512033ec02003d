using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace VoiceSite.Voice.Realtime;

/// <summary>
/// The two GA events the relay handles per audio chunk, read and written here rather than through the OpenAI client's
/// models: <c>input_audio_buffer.append</c> going up and <c>response.output_audio.delta</c> coming back. Measured at
/// 200 live sessions (bench/results.md, "Finding the cost"), the client's model building, JSON DOM, base64 strings and
/// copies were most of the relay's own CPU and allocations per chunk. Every other event still goes through the client
/// (its commands and its typed updates), and the client still opens and owns the socket.
/// </summary>
internal static class RealtimeWire
{
    private static ReadOnlySpan<byte> AppendPrefix => "{\"type\":\"input_audio_buffer.append\",\"audio\":\""u8;
    private static ReadOnlySpan<byte> AppendSuffix => "\"}"u8;
    private static ReadOnlySpan<byte> AudioDeltaType => "response.output_audio.delta"u8;

    /// <summary>
    /// Writes <c>{"type":"input_audio_buffer.append","audio":"&lt;base64&gt;"}</c> into a buffer rented from the shared
    /// pool (the caller returns it) and answers its length.
    /// </summary>
    public static int WriteAppend(ReadOnlySpan<byte> pcm16, out byte[] rented)
    {
        rented = ArrayPool<byte>.Shared.Rent(AppendPrefix.Length + Base64.GetMaxEncodedToUtf8Length(pcm16.Length) + AppendSuffix.Length);
        AppendPrefix.CopyTo(rented);
        Base64.EncodeToUtf8(pcm16, rented.AsSpan(AppendPrefix.Length), out _, out var written);
        AppendSuffix.CopyTo(rented.AsSpan(AppendPrefix.Length + written));
        return AppendPrefix.Length + written + AppendSuffix.Length;
    }

    /// <summary>
    /// Reads a <c>response.output_audio.delta</c> event: its ids and its audio, decoded straight into a buffer rented
    /// from the shared pool (<paramref name="audio"/>, the first <paramref name="audioLength"/> bytes; the caller returns
    /// it once the browser's message is written). False for any other event (or one that is not an object), which the
    /// caller hands to the client library. Ids equal to the previous ones are answered with the same strings (no new
    /// string per chunk). Audio that is not base64 throws <see cref="FormatException"/>.
    /// </summary>
    public static bool TryReadAudioDelta(ReadOnlySpan<byte> json, RealtimeIds ids, out string? responseId, out string? itemId,
        out byte[]? audio, out int audioLength)
    {
        responseId = itemId = null;
        audio = null;
        audioLength = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return false;
        var isDelta = false;
        var hasDelta = false;
        Utf8JsonReader deltaAt = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(AudioDeltaType))
                    return false;
                isDelta = true;
            }
            else if (reader.ValueTextEquals("response_id"u8))
            {
                reader.Read();
                responseId = reader.TokenType == JsonTokenType.String ? ids.Response(ref reader) : null;
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                reader.Read();
                itemId = reader.TokenType == JsonTokenType.String ? ids.Item(ref reader) : null;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                deltaAt = reader; // decoded once the type is known (it usually comes first)
                hasDelta = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!isDelta)
            return false;
        if (hasDelta && deltaAt.TokenType == JsonTokenType.String)
            audioLength = DecodeRented(ref deltaAt, out audio);
        return true;
    }

    private static int DecodeRented(ref Utf8JsonReader delta, out byte[] rented)
    {
        if (delta.ValueIsEscaped)
        {
            // Escapes (say "\/") are legal JSON but unusual here: the reader unescapes into an array of its own.
            var bytes = delta.GetBytesFromBase64();
            rented = ArrayPool<byte>.Shared.Rent(bytes.Length);
            bytes.CopyTo(rented, 0);
            return bytes.Length;
        }
        var base64 = delta.ValueSpan;
        rented = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        if (Base64.DecodeFromUtf8(base64, rented, out _, out var written) != OperationStatus.Done)
        {
            ArrayPool<byte>.Shared.Return(rented);
            rented = null!;
            throw new FormatException("The audio delta is not valid base64.");
        }
        return written;
    }
}

/// <summary>The last response and item ids seen on one upstream, so a chunk of the same reply allocates no new strings.</summary>
internal sealed class RealtimeIds
{
    private string? _response;
    private string? _item;

    public string? Response(ref Utf8JsonReader reader) => Cached(ref reader, ref _response);

    public string? Item(ref Utf8JsonReader reader) => Cached(ref reader, ref _item);

    private static string? Cached(ref Utf8JsonReader reader, ref string? last)
    {
        if (last is not null && reader.ValueTextEquals(last))
            return last;
        return last = reader.GetString();
    }
}
