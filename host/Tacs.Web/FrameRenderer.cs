using OpenCvSharp;
using Tacs.Sdk.Frames;

namespace Tacs.Web;

/// <summary>Turns a frame into an 8-bit PNG for the browser: a display range (given, or the 0.1–99.9 percentiles
/// so that 16-bit data with a few hot pixels still shows), and a reduced size for large frames.</summary>
internal static class FrameRenderer
{
    public static (byte[] Png, float Low, float High) Render(ImageFrame frame, float? low, float? high, int maxSide)
    {
        // The percentiles cost a sort of a sample: only when a bound is not given.
        var (autoLow, autoHigh) = low is null || high is null ? Percentiles(frame.Pixels) : (0f, 0f);
        var lo = low ?? autoLow;
        var hi = high ?? autoHigh;
        if (!(hi > lo))
        {
            hi = lo + 1;
        }

        using var source = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_32FC1, frame.Pixels);
        using var scaled = new Mat();
        var scale = 255.0 / (hi - lo);
        source.ConvertTo(scaled, MatType.CV_8UC1, scale, -lo * scale);
        using var small = new Mat();
        var factor = Math.Min(1.0, (double)maxSide / Math.Max(frame.Width, frame.Height));
        if (factor < 1)
        {
            Cv2.Resize(scaled, small, new Size(Math.Max(1, (int)(frame.Width * factor)), Math.Max(1, (int)(frame.Height * factor))), interpolation: InterpolationFlags.Area);
        }
        else
        {
            scaled.CopyTo(small);
        }

        Cv2.ImEncode(".png", small, out var png, [(int)ImwriteFlags.PngCompression, 1]);
        return (png, lo, hi);
    }

    private static (float Low, float High) Percentiles(float[] pixels)
    {
        var step = Math.Max(1, pixels.Length / 65536);
        var sample = new List<float>(pixels.Length / step + 1);
        for (var i = 0; i < pixels.Length; i += step)
        {
            if (float.IsFinite(pixels[i]))
            {
                sample.Add(pixels[i]);
            }
        }

        if (sample.Count == 0)
        {
            return (0, 1);
        }

        sample.Sort();
        return (sample[(int)(0.001 * (sample.Count - 1))], sample[(int)(0.999 * (sample.Count - 1))]);
    }
}
