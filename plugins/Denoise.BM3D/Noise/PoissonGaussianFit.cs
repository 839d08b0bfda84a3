namespace Tacs.Plugins.Bm3d.Noise;

/// <summary>
/// Estimates the camera noise line var(z) = gain·E[z] + c from one image, c = readNoise² − gain·offset: local
/// means of 8×8 blocks against local noise variances from their finest diagonal Haar coefficients (which ignore
/// smooth structure), the blocks binned by mean, the median variance of each bin taken (robust to edges and
/// texture), and a straight line fitted through the bins by least squares weighted by bin size.
/// </summary>
internal static class PoissonGaussianFit
{
    private const int Block = 8;
    private const int Bins = 24;

    // Median of σ²·χ²₁₆/16 (16 diagonal coefficients per block) is about 0.959·σ² (Wilson–Hilferty).
    private const double MedianBias = 0.959;

    /// <summary>The fitted line; gain or c are taken as given when not null.</summary>
    /// <exception cref="ArgumentException">The image is too small or too flat to fit a noise line.</exception>
    public static (double Gain, double Constant) Fit(ReadOnlySpan<float> pixels, int width, int height, double? knownGain, double? knownConstant)
    {
        var bx = width / Block;
        var by = height / Block;
        if (bx * by < 4 * Bins)
        {
            throw new ArgumentException(
                $"Estimating gain or read noise needs at least {4 * Bins * Block * Block} pixels in {Block}×{Block} blocks; this image is {width}×{height}. Give gain and read_noise explicitly.");
        }

        var means = new double[bx * by];
        var variances = new double[bx * by];
        for (var j = 0; j < by; j++)
        {
            for (var i = 0; i < bx; i++)
            {
                double sum = 0, diag = 0;
                for (var y = 0; y < Block; y += 2)
                {
                    var top = ((j * Block) + y) * width;
                    var bottom = top + width;
                    for (var x = 0; x < Block; x += 2)
                    {
                        var p = (i * Block) + x;
                        double a = pixels[top + p], b = pixels[top + p + 1], c = pixels[bottom + p], d = pixels[bottom + p + 1];
                        sum += a + b + c + d;
                        var hh = (a - b - c + d) * 0.5;
                        diag += hh * hh;
                    }
                }

                means[(j * bx) + i] = sum / (Block * Block);
                variances[(j * bx) + i] = diag / (Block * Block / 4);
            }
        }

        // Bins of equal block count along the mean; per bin, the median mean and median variance.
        var order = Enumerable.Range(0, means.Length).OrderBy(i => means[i]).ToArray();
        var binMeans = new double[Bins];
        var binVariances = new double[Bins];
        var perBin = order.Length / Bins;
        for (var b = 0; b < Bins; b++)
        {
            var slice = order.Skip(b * perBin).Take(perBin).ToArray();
            binMeans[b] = MedianOf(slice.Select(i => means[i]));
            binVariances[b] = MedianOf(slice.Select(i => variances[i])) / MedianBias;
        }

        double gain, constant;
        if (knownGain is double g && knownConstant is double c0)
        {
            return (g, c0);
        }
        else if (knownGain is double g1)
        {
            gain = g1;
            constant = MedianOf(Enumerable.Range(0, Bins).Select(b => binVariances[b] - (g1 * binMeans[b])));
        }
        else if (knownConstant is double c1)
        {
            constant = c1;
            double num = 0, den = 0;
            for (var b = 0; b < Bins; b++)
            {
                num += binMeans[b] * (binVariances[b] - c1);
                den += binMeans[b] * binMeans[b];
            }

            gain = den > 0 ? num / den : 0;
        }
        else
        {
            var mx = binMeans.Average();
            var my = binVariances.Average();
            double sxy = 0, sxx = 0;
            for (var b = 0; b < Bins; b++)
            {
                sxy += (binMeans[b] - mx) * (binVariances[b] - my);
                sxx += (binMeans[b] - mx) * (binMeans[b] - mx);
            }

            if (sxx <= 0)
            {
                throw new ArgumentException("The image is flat (every block has the same mean), so the gain cannot be estimated from it. Give gain explicitly.");
            }

            gain = sxy / sxx;
            constant = my - (gain * mx);
        }

        if (!(gain > 0))
        {
            throw new ArgumentException(
                $"The noise variance does not grow with brightness in this image (fitted gain {gain:G3}), so it does not look like Poisson–Gaussian data. Give gain explicitly or use noise=gaussian.");
        }

        return (gain, constant);
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
