using System.Globalization;
using System.Runtime.InteropServices;
using Tacs.Sdk.Frames;

namespace Tacs.Web;

/// <summary>
/// The ingest frame format: an HTTP POST to <c>/api/ingest?width=W&amp;height=H&amp;format=u8|u16|f32</c> whose body
/// is the raw pixels, row-major, little-endian, exactly W × H × bytes-per-sample long. Optional query values:
/// <c>exposure</c> (ms), <c>pixelsize</c> (µm).
/// </summary>
internal static class IngestFrameReader
{
    public const long MaxPixels = 1L << 26;

    /// <exception cref="FormatException">The frame is malformed; the message says how.</exception>
    public static async Task<ImageFrame> ReadAsync(Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken cancellation)
    {
        var width = Integer(request, "width");
        var height = Integer(request, "height");
        if (width < 1 || height < 1 || (long)width * height > MaxPixels)
        {
            throw new FormatException($"width and height must be at least 1 and at most {MaxPixels} pixels together; got {width}×{height}.");
        }

        var (format, bytesPerSample) = request.Query["format"].ToString() switch
        {
            "u8" => (SampleFormat.UInt8, 1),
            "u16" => (SampleFormat.UInt16, 2),
            "f32" => (SampleFormat.Float32, 4),
            var other => throw new FormatException($"format '{other}' is not u8, u16 or f32."),
        };

        var expected = (long)width * height * bytesPerSample;
        if (request.ContentLength is long declared && declared != expected)
        {
            throw new FormatException($"the body has {declared} bytes but {width}×{height} {request.Query["format"]} needs {expected}.");
        }

        var body = new byte[expected];
        var read = 0;
        while (read < body.Length)
        {
            var n = await request.Body.ReadAsync(body.AsMemory(read), cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read != expected || await request.Body.ReadAsync(new byte[1], cancellation).ConfigureAwait(false) != 0)
        {
            throw new FormatException($"the body does not hold exactly {expected} bytes ({width}×{height} {request.Query["format"]}).");
        }

        var pixels = new float[width * height];
        switch (format)
        {
            case SampleFormat.UInt8:
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = body[i];
                }

                break;
            case SampleFormat.UInt16:
                var shorts = MemoryMarshal.Cast<byte, ushort>(body);
                for (var i = 0; i < pixels.Length; i++)
                {
                    pixels[i] = shorts[i];
                }

                break;
            default:
                MemoryMarshal.Cast<byte, float>(body).CopyTo(pixels);
                if (pixels.Any(p => !float.IsFinite(p)))
                {
                    throw new FormatException("the frame holds NaN or infinite values.");
                }

                break;
        }

        var frame = new ImageFrame(width, height, pixels, format);
        frame.Metadata.Source = "ingest";
        frame.Metadata.ExposureMilliseconds = Optional(request, "exposure");
        frame.Metadata.PixelSizeMicrons = Optional(request, "pixelsize");
        if (format == SampleFormat.Float32)
        {
            frame.SourceRange = new ValueRange(pixels.Min(), pixels.Max());
        }

        return frame;
    }

    private static int Integer(Microsoft.AspNetCore.Http.HttpRequest request, string name) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"query value '{name}' is missing or not a whole number.");

    private static double? Optional(Microsoft.AspNetCore.Http.HttpRequest request, string name) =>
        request.Query.ContainsKey(name)
            ? double.TryParse(request.Query[name], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 ? v : throw new FormatException($"query value '{name}' is not a positive number.")
            : null;
}
