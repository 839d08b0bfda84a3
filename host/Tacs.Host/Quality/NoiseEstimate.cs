namespace Tacs.Host.Quality;

/// <summary>Measures that need no clean image.</summary>
public static class NoiseEstimate
{
    /// <summary>
    /// Standard deviation of white Gaussian noise from the median absolute value of the finest diagonal Haar
    /// wavelet coefficients (Donoho and Johnstone 1994): σ ≈ median(|HH|) / 0.6745. Image structure barely
    /// reaches that band, so the estimate follows the noise.
    /// </summary>
    /// <param name="pixels">Row-major pixels.</param>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    public static double Sigma(ReadOnlySpan<float> pixels, int width, int height)
    {
        var coefficients = new List<double>((width / 2) * (height / 2));
        for (var y = 0; y + 1 < height; y += 2)
        {
            for (var x = 0; x + 1 < width; x += 2)
            {
                var a = pixels[(y * width) + x];
                var b = pixels[(y * width) + x + 1];
                var c = pixels[((y + 1) * width) + x];
                var d = pixels[((y + 1) * width) + x + 1];
                coefficients.Add(Math.Abs((a - b - c + d) / 2.0));
            }
        }

        if (coefficients.Count == 0)
        {
            return double.NaN;
        }

        coefficients.Sort();
        return coefficients[coefficients.Count / 2] / 0.6745;
    }

    /// <summary>
    /// How much image structure a denoiser removed: the correlation between the method noise r = noisy − denoised
    /// and the negative Laplacian of the denoised image. Zero-mean noise of any variance, Poisson included, is
    /// uncorrelated with it (about 0); a denoiser that blurs removes r ≈ −c·∇²x and scores towards 1.
    /// </summary>
    public static double MethodNoiseStructure(float[] noisy, float[] denoised, int width, int height)
    {
        var residual = new double[noisy.Length];
        var curvature = new double[noisy.Length];
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var i = (y * width) + x;
                residual[i] = noisy[i] - denoised[i];
                curvature[i] = (4.0 * denoised[i]) - denoised[i - 1] - denoised[i + 1] - denoised[i - width] - denoised[i + width];
            }
        }

        return Correlation(residual, curvature);
    }

    private static double Correlation(double[] a, double[] b)
    {
        var meanA = a.Average();
        var meanB = b.Average();
        double cov = 0, va = 0, vb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            cov += (a[i] - meanA) * (b[i] - meanB);
            va += (a[i] - meanA) * (a[i] - meanA);
            vb += (b[i] - meanB) * (b[i] - meanB);
        }

        return va > 0 && vb > 0 ? cov / Math.Sqrt(va * vb) : 0;
    }
}
