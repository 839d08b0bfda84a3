using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Tacs.Sdk.Frames;

namespace Tacs.Web;

/// <summary>What the query of one ingest request declares: size and sample format.</summary>
internal sealed record IngestHeader(int Width, int Height, SampleFormat Format, string FormatName, int BytesPerSample)
{
    /// <summary>The exact body length this frame needs.</summary>
    public long Bytes => (long)Width * Height * BytesPerSample;

    public override string ToString() => $"{Width}×{Height} {FormatName}";
}

/// <summary>A request the ingest endpoint refuses with a status other than 400 (too long: 413).</summary>
internal sealed class IngestRefusedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// The ingest frame format: an HTTP POST to <c>/api/ingest?width=W&amp;height=H&amp;format=u8|u16|f32</c> whose body
/// is the raw pixels, row-major, little-endian, exactly W × H × bytes-per-sample long. Optional query values:
/// <c>exposure</c> (ms), <c>pixelsize</c> (µm).
/// </summary>
/// <remarks>
/// The header is only a claim: memory is taken for bytes that have arrived, never for the size the query or
/// Content-Length promise. A request that declares 256 MiB and sends nothing costs almost nothing.
/// </remarks>
internal static class IngestFrameReader
{
    /// <summary>The largest frame accepted, in pixels (docs/live.md).</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>The largest body accepted: <see cref="MaxPixels"/> float32 samples (256 MiB).</summary>
    public const long MaxFrameBytes = MaxPixels * sizeof(float);

    // The body is kept in chunks that double from 64 KiB to 4 MiB as data arrives: a chunk is only taken when bytes
    // are in hand to fill it, so what is held is at most about twice what arrived. All chunks but the last are
    // multiples of 4 bytes, so no sample straddles two chunks.
    private const int FirstChunkBytes = 64 * 1024;
    private const int LargestChunkBytes = 4 * 1024 * 1024;

    /// <summary>Reads and checks what the query declares, before any of the body is read.</summary>
    /// <exception cref="FormatException">The query or Content-Length is malformed; the message says how.</exception>
    public static IngestHeader ParseHeader(HttpRequest request)
    {
        var width = Integer(request, "width");
        var height = Integer(request, "height");
        if (width < 1 || height < 1 || (long)width * height > MaxPixels)
        {
            throw new FormatException($"width and height must be at least 1 and at most {MaxPixels} pixels together; got {width}×{height}.");
        }

        var name = request.Query["format"].ToString();
        var (format, bytesPerSample) = name switch
        {
            "u8" => (SampleFormat.UInt8, 1),
            "u16" => (SampleFormat.UInt16, 2),
            "f32" => (SampleFormat.Float32, 4),
            _ => throw new FormatException($"format '{name}' is not u8, u16 or f32."),
        };

        var header = new IngestHeader(width, height, format, name, bytesPerSample);
        if (request.ContentLength is long declared && declared != header.Bytes)
        {
            throw new FormatException($"the body has {declared} bytes but {header} needs {header.Bytes}.");
        }

        return header;
    }

    /// <summary>Reads the body of a request whose header was checked by <see cref="ParseHeader"/>.</summary>
    /// <exception cref="FormatException">The body is too short or holds NaN or infinite values.</exception>
    /// <exception cref="IngestRefusedException">The body is longer than the frame (413).</exception>
    public static async Task<ImageFrame> ReadAsync(HttpRequest request, IngestHeader header, CancellationToken cancellation)
    {
        var chunks = await ReadBodyAsync(request, header, cancellation).ConfigureAwait(false);
        var pixels = Convert(chunks, header);
        var frame = new ImageFrame(header.Width, header.Height, pixels, header.Format);
        frame.Metadata.Source = "ingest";
        frame.Metadata.ExposureMilliseconds = Optional(request, "exposure");
        frame.Metadata.PixelSizeMicrons = Optional(request, "pixelsize");
        if (header.Format == SampleFormat.Float32)
        {
            frame.SourceRange = new ValueRange(pixels.Min(), pixels.Max());
        }

        return frame;
    }

    /// <summary>Checks the optional query values early, so a bad one is refused before the body is read.</summary>
    /// <exception cref="FormatException">A value is not a positive number.</exception>
    public static void CheckOptionalValues(HttpRequest request)
    {
        _ = Optional(request, "exposure");
        _ = Optional(request, "pixelsize");
    }

    private static async Task<List<byte[]>> ReadBodyAsync(HttpRequest request, IngestHeader header, CancellationToken cancellation)
    {
        var expected = header.Bytes;
        var chunks = new List<byte[]>();
        var nextChunk = FirstChunkBytes;
        var filled = 0;
        long total = 0;
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellation).ConfigureAwait(false);
            var arrived = result.Buffer;
            if (total + arrived.Length > expected)
            {
                reader.AdvanceTo(arrived.End);
                throw new IngestRefusedException(StatusCodes.Status413PayloadTooLarge, $"the body is longer than the {expected} bytes that {header} needs.");
            }

            foreach (var segment in arrived)
            {
                var rest = segment.Span;
                while (rest.Length > 0)
                {
                    if (chunks.Count == 0 || filled == chunks[^1].Length)
                    {
                        chunks.Add(new byte[(int)Math.Min(nextChunk, expected - total)]);
                        nextChunk = Math.Min(nextChunk * 2, LargestChunkBytes);
                        filled = 0;
                    }

                    var n = Math.Min(rest.Length, chunks[^1].Length - filled);
                    rest[..n].CopyTo(chunks[^1].AsSpan(filled));
                    rest = rest[n..];
                    filled += n;
                    total += n;
                }
            }

            reader.AdvanceTo(arrived.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

        if (total != expected)
        {
            throw new FormatException($"the body has {total} bytes but {header} needs {expected}.");
        }

        return chunks;
    }

    private static float[] Convert(List<byte[]> chunks, IngestHeader header)
    {
        var pixels = new float[header.Width * header.Height];
        var at = 0;
        foreach (var chunk in chunks)
        {
            var target = pixels.AsSpan(at);
            switch (header.Format)
            {
                case SampleFormat.UInt8:
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        target[i] = chunk[i];
                    }

                    at += chunk.Length;
                    break;
                case SampleFormat.UInt16:
                    var shorts = MemoryMarshal.Cast<byte, ushort>(chunk);
                    for (var i = 0; i < shorts.Length; i++)
                    {
                        target[i] = shorts[i];
                    }

                    at += shorts.Length;
                    break;
                default:
                    var floats = MemoryMarshal.Cast<byte, float>(chunk);
                    foreach (var value in floats)
                    {
                        if (!float.IsFinite(value))
                        {
                            throw new FormatException("the frame holds NaN or infinite values.");
                        }
                    }

                    floats.CopyTo(target);
                    at += floats.Length;
                    break;
            }
        }

        return pixels;
    }

    private static int Integer(HttpRequest request, string name) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"query value '{name}' is missing or not a whole number.");

    private static double? Optional(HttpRequest request, string name) =>
        request.Query.ContainsKey(name)
            ? double.TryParse(request.Query[name], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 ? v : throw new FormatException($"query value '{name}' is not a positive number.")
            : null;
}
