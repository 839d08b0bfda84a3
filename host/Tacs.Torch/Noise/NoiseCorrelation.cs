namespace Tacs.Torch.Noise;

/// <summary>
/// How strongly the noise of a frame is shared between neighbouring pixels. A network trained on white noise keeps
/// such noise (a scanning confocal's rows, a camera's interpolation) as texture; pixel-shuffle denoising removes it.
/// </summary>
public static class NoiseCorrelation
{
    /// <summary>The neighbour correlation of white noise once the 5 × 5 mean is taken away: −1/24.</summary>
    public const double White = -1.0 / 24;

    private const int Radius = 2;
    private const int Border = 4;

    /// <summary>
    /// Correlation of each pixel's detail (the frame minus its 5 × 5 mean) with its right and with its lower
    /// neighbour, away from the border. White noise gives <see cref="White"/> both ways; structure raises both a
    /// little; noise shared along rows raises the first.
    /// </summary>
    /// <returns>Both 0 for frames under 16 × 16 pixels or without any detail.</returns>
    public static (double Row, double Column) Neighbours(ReadOnlySpan<float> pixels, int width, int height)
    {
        if (width < 1 || height < 1 || pixels.Length != width * height)
        {
            throw new ArgumentException($"Frame of {width}×{height} with {pixels.Length} pixels is inconsistent.");
        }

        if (width < 16 || height < 16)
        {
            return (0, 0);
        }

        var detail = Detail(pixels, width, height);
        return (Lag(detail, width, height, 1, 0), Lag(detail, width, height, 0, 1));
    }

    // The frame minus its 5 × 5 mean (the window shrinks at the border), from separable running sums.
    private static float[] Detail(ReadOnlySpan<float> pixels, int width, int height)
    {
        var rows = new double[pixels.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var dx = Math.Max(0, x - Radius); dx <= Math.Min(width - 1, x + Radius); dx++)
                {
                    sum += pixels[(y * width) + dx];
                }

                rows[(y * width) + x] = sum / (Math.Min(width - 1, x + Radius) - Math.Max(0, x - Radius) + 1);
            }
        }

        var detail = new float[pixels.Length];
        for (var y = 0; y < height; y++)
        {
            var (top, bottom) = (Math.Max(0, y - Radius), Math.Min(height - 1, y + Radius));
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var dy = top; dy <= bottom; dy++)
                {
                    sum += rows[(dy * width) + x];
                }

                detail[(y * width) + x] = pixels[(y * width) + x] - (float)(sum / (bottom - top + 1));
            }
        }

        return detail;
    }

    private static double Lag(float[] values, int width, int height, int dx, int dy)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        long n = 0;
        for (var y = Border; y < height - Border; y++)
        {
            for (var x = Border; x < width - Border; x++)
            {
                double a = values[(y * width) + x], b = values[((y + dy) * width) + x + dx];
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
                n++;
            }
        }

        var (ma, mb) = (sa / n, sb / n);
        var variance = Math.Sqrt(((saa / n) - (ma * ma)) * ((sbb / n) - (mb * mb)));
        return variance > 0 ? ((sab / n) - (ma * mb)) / variance : 0;
    }
}
