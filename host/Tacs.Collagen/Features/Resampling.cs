using System.Numerics;
using OpenCvSharp;
using Tacs.Collagen.Boundaries;

namespace Tacs.Collagen.Features;

/// <summary>Brings an image and its boundary to another pixel size (see <see cref="Classification.ScaleCheck"/>).</summary>
public static class Resampling
{
    /// <summary>Resamples row-major pixels by <paramref name="factor"/> per side (area averaging when shrinking, cubic when growing).</summary>
    /// <param name="pixels">Pixels.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="factor">New pixels per old pixel along each side, &gt; 0.</param>
    /// <exception cref="ArgumentException">The factor is not positive or the result would be smaller than 16×16.</exception>
    public static (float[] Pixels, int Width, int Height) Image(ReadOnlySpan<float> pixels, int width, int height, double factor)
    {
        var (w, h) = Size(width, height, factor);
        using var source = Mat.FromPixelData(height, width, MatType.CV_32FC1, pixels.ToArray());
        using var target = new Mat();
        Cv2.Resize(source, target, new OpenCvSharp.Size(w, h), 0, 0, factor < 1 ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        target.GetArray(out float[] result);
        return (result, w, h);
    }

    /// <summary>The boundary of the resampled image: its polygon scaled by <paramref name="factor"/>.</summary>
    /// <param name="boundary">Boundary of the original image.</param>
    /// <param name="factor">The factor given to <see cref="Image"/>.</param>
    public static TumourBoundary Boundary(TumourBoundary boundary, double factor)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        var (w, h) = Size(boundary.Width, boundary.Height, factor);
        var f = (float)factor;
        return TumourBoundary.FromPolygon([.. boundary.Polygon.Select(p => ((p + new Vector2(0.5f)) * f) - new Vector2(0.5f))], w, h);
    }

    private static (int Width, int Height) Size(int width, int height, double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentException($"Resampling factor {factor} must be a positive number.");
        }

        var w = (int)Math.Round(width * factor);
        var h = (int)Math.Round(height * factor);
        return w < 16 || h < 16
            ? throw new ArgumentException($"Resampling {width}×{height} by {factor:0.###} gives {w}×{h}, too small for fibre features.")
            : (w, h);
    }
}
