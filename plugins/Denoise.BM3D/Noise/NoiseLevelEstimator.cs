namespace Tacs.Plugins.Bm3d.Noise;

/// <summary>
/// Estimates the standard deviation of additive white noise from the finest diagonal Haar wavelet coefficients
/// (HH = (a − b − c + d)/2 over 2×2 blocks): image structure rarely reaches them, so their median absolute value
/// divided by 0.6745 is a robust noise estimate (Donoho and Johnstone 1994).
/// </summary>
internal static class NoiseLevelEstimator
{
    /// <summary>Smallest width and height the estimate accepts.</summary>
    public const int MinimumSide = 4;

    /// <summary>The estimated σ in the image's grey levels.</summary>
    /// <exception cref="ArgumentException">The image is smaller than <see cref="MinimumSide"/> on a side.</exception>
    public static double EstimateSigma(ReadOnlySpan<float> pixels, int width, int height)
    {
        if (width < MinimumSide || height < MinimumSide)
        {
            throw new ArgumentException(
                $"sigma=auto needs an image of at least {MinimumSide}×{MinimumSide} pixels to estimate the noise; this one is {width}×{height}. Give sigma explicitly.");
        }

        var coefficients = new float[(width / 2) * (height / 2)];
        var n = 0;
        for (var y = 0; y + 1 < height; y += 2)
        {
            var top = y * width;
            var bottom = top + width;
            for (var x = 0; x + 1 < width; x += 2)
            {
                coefficients[n++] = MathF.Abs(pixels[top + x] - pixels[top + x + 1] - pixels[bottom + x] + pixels[bottom + x + 1]) * 0.5f;
            }
        }

        return Median(coefficients.AsSpan(0, n)) / 0.6745;
    }

    internal static double Median(Span<float> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }
}
