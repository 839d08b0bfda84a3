namespace Tacs.Torch.Noise;

/// <summary>Estimates noise levels from one image, without a clean reference.</summary>
public static class NoiseEstimator
{
    // Median of |N(0,1)|: turns a median absolute deviation into a standard deviation.
    private const double MadToSigma = 0.6744897501960817;

    /// <summary>
    /// Standard deviation of white Gaussian noise: median absolute value of the finest diagonal Haar detail
    /// (Donoho's estimator). Edges inflate it little because the median ignores the few large details.
    /// </summary>
    /// <exception cref="ArgumentException">Image smaller than 2×2 or with non-finite pixels.</exception>
    public static double GaussianSigma(ReadOnlySpan<float> pixels, int width, int height)
    {
        var details = DiagonalDetails(pixels, width, height, out _);
        return Median(details, d => Math.Abs(d)) / MadToSigma;
    }

    /// <summary>
    /// Poisson–Gaussian parameters (variance = gain·signal + readNoise²), fitted to the variance of the diagonal
    /// Haar detail in 8×8 blocks against the blocks' mean, binned by mean with medians to ignore textured blocks
    /// (a simplified Foi et al. 2008 fit).
    /// </summary>
    /// <returns>
    /// Gain (≥ 0), read noise (≥ 0) and dark offset in the image's units. The fitted line is var = a·mean + c;
    /// c ≥ 0 is read noise² with no offset, c &lt; 0 means a dark offset of −c/a (a camera or detector baseline)
    /// with no measurable read noise.
    /// </returns>
    public static (double Gain, double ReadNoise, double Offset) PoissonGaussian(ReadOnlySpan<float> pixels, int width, int height)
    {
        var details = DiagonalDetails(pixels, width, height, out var means);
        var hw = width / 2;
        var hh = height / 2;
        const int block = 4;
        var samples = new List<(double Mean, double Variance)>();
        for (var by = 0; by + block <= hh; by += block)
        {
            for (var bx = 0; bx + block <= hw; bx += block)
            {
                double m = 0, v = 0;
                for (var y = by; y < by + block; y++)
                {
                    for (var x = bx; x < bx + block; x++)
                    {
                        m += means[(y * hw) + x];
                        v += details[(y * hw) + x] * (double)details[(y * hw) + x];
                    }
                }

                samples.Add((m / (block * block), v / (block * block)));
            }
        }

        if (samples.Count < 16)
        {
            var sigma = GaussianSigma(pixels, width, height);
            return (0, sigma, 0);
        }

        // Bin blocks by mean; in each bin the median variance (scaled for a mean of squares) resists texture.
        samples.Sort((a, b) => a.Mean.CompareTo(b.Mean));
        const int bins = 16;
        var xs = new List<double>();
        var ys = new List<double>();
        for (var b = 0; b < bins; b++)
        {
            var from = b * samples.Count / bins;
            var to = (b + 1) * samples.Count / bins;
            if (to - from < 4)
            {
                continue;
            }

            var slice = samples.GetRange(from, to - from);
            xs.Add(slice.Select(s => s.Mean).OrderBy(v => v).ElementAt(slice.Count / 2));
            ys.Add(slice.Select(s => s.Variance).OrderBy(v => v).ElementAt(slice.Count / 2) / MedianOfChiSquare16);
        }

        var (slope, intercept) = LeastSquares(xs, ys);
        var gain = Math.Max(0, slope);
        if (intercept >= 0 || gain == 0)
        {
            return (gain, Math.Sqrt(Math.Max(0, intercept)), 0);
        }

        return (gain, 0, -intercept / gain);
    }

    // Median of χ²(16)/16, the ratio of the median to the mean of a 16-sample variance of Gaussian noise.
    private const double MedianOfChiSquare16 = 0.9591;

    private static (double Slope, double Intercept) LeastSquares(List<double> xs, List<double> ys)
    {
        var n = xs.Count;
        var mx = xs.Average();
        var my = ys.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }

        var slope = sxx > 0 ? sxy / sxx : 0;
        return (slope, my - (slope * mx));
    }

    // Diagonal Haar detail (a − b − c + d)/2 of each 2×2 cell: unit gain for white noise, zero on linear ramps.
    internal static float[] DiagonalDetails(ReadOnlySpan<float> pixels, int width, int height, out float[] means)
    {
        if (width < 2 || height < 2 || pixels.Length < width * height)
        {
            throw new ArgumentException($"Noise estimation needs an image of at least 2×2 pixels; got {width}×{height}.");
        }

        var hw = width / 2;
        var hh = height / 2;
        var details = new float[hw * hh];
        means = new float[hw * hh];
        for (var y = 0; y < hh; y++)
        {
            for (var x = 0; x < hw; x++)
            {
                var i = (2 * y * width) + (2 * x);
                float a = pixels[i], b = pixels[i + 1], c = pixels[i + width], d = pixels[i + width + 1];
                if (!float.IsFinite(a + b + c + d))
                {
                    throw new ArgumentException($"The image has a non-finite pixel (NaN or infinity) near ({2 * x}, {2 * y}); replace or mask it before denoising.");
                }

                details[(y * hw) + x] = (a - b - c + d) / 2;
                means[(y * hw) + x] = (a + b + c + d) / 4;
            }
        }

        return details;
    }

    internal static double Median(float[] values, Func<float, float> map)
    {
        var copy = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            copy[i] = map(values[i]);
        }

        Array.Sort(copy);
        return copy[copy.Length / 2];
    }
}
