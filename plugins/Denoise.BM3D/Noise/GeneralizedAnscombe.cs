using System.Collections.Concurrent;

namespace Tacs.Plugins.Bm3d.Noise;

/// <summary>
/// The generalised Anscombe transform for Poisson–Gaussian data z = gain·Poisson(λ) + N(offset, readNoise²),
/// which makes the noise approximately unit-variance Gaussian, and its exact unbiased inverse (Mäkitalo and Foi
/// 2013): the inverse maps a denoised value D to the λ for which E[f(z) | λ] = D, from a table of that expectation
/// computed numerically, so the result is unbiased even at a few photons per pixel.
/// </summary>
internal sealed class GeneralizedAnscombe
{
    // Beyond this many counts the asymptotic inverse (D/2)² − 1/8 − σ'² is exact to far below a grey level.
    private const double TableMaxCounts = 2000;
    private const int TableSize = 1500;
    private static readonly ConcurrentDictionary<double, (double[] Lambda, double[] Expected)> Tables = new();

    private readonly double _gain;
    private readonly double _offset;
    private readonly double _sigmaCounts;
    private readonly double[] _lambda;
    private readonly double[] _expected;

    /// <summary>Creates the transform pair for one camera.</summary>
    /// <param name="gain">Grey levels per photo-electron, &gt; 0.</param>
    /// <param name="readNoise">Standard deviation of the Gaussian part in grey levels, ≥ 0.</param>
    /// <param name="offset">Mean of the Gaussian part (camera baseline) in grey levels.</param>
    public GeneralizedAnscombe(double gain, double readNoise, double offset)
    {
        if (!(gain > 0) || !double.IsFinite(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "The gain must be a positive number.");
        }

        if (!(readNoise >= 0) || !double.IsFinite(readNoise))
        {
            throw new ArgumentOutOfRangeException(nameof(readNoise), readNoise, "The read noise must be zero or positive.");
        }

        _gain = gain;
        _offset = offset;
        _sigmaCounts = Math.Round(readNoise / gain, 4);
        (_lambda, _expected) = Tables.GetOrAdd(_sigmaCounts, BuildTable);
    }

    /// <summary>f(z) = 2·√max(0, (z − offset)/gain + 3/8 + (readNoise/gain)²).</summary>
    public double Forward(double z)
    {
        var arg = ((z - _offset) / _gain) + 0.375 + (_sigmaCounts * _sigmaCounts);
        return arg > 0 ? 2 * Math.Sqrt(arg) : 0;
    }

    /// <summary>Exact unbiased inverse: the grey level gain·λ + offset whose expected transform is <paramref name="d"/>.</summary>
    public double Inverse(double d)
    {
        double lambda;
        if (d <= _expected[0])
        {
            lambda = 0;
        }
        else if (d >= _expected[^1])
        {
            lambda = Math.Max(0, (d * d / 4) - 0.125 - (_sigmaCounts * _sigmaCounts));
        }
        else
        {
            var hi = Array.BinarySearch(_expected, d);
            if (hi >= 0)
            {
                lambda = _lambda[hi];
            }
            else
            {
                hi = ~hi;
                var lo = hi - 1;
                var t = (d - _expected[lo]) / (_expected[hi] - _expected[lo]);
                lambda = _lambda[lo] + (t * (_lambda[hi] - _lambda[lo]));
            }
        }

        return (_gain * lambda) + _offset;
    }

    /// <summary>Transforms every pixel.</summary>
    public void Forward(ReadOnlySpan<float> source, Span<float> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (float)Forward(source[i]);
        }
    }

    /// <summary>Inverts every pixel.</summary>
    public void Inverse(ReadOnlySpan<float> source, Span<float> target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = (float)Inverse(source[i]);
        }
    }

    /// <summary>E[2√max(0, k + g + 3/8 + σ²)] for k ~ Poisson(λ), g ~ N(0, σ²), on a grid of λ (denser near 0).</summary>
    internal static double ExpectedTransform(double lambda, double sigma)
    {
        // Gaussian part by the midpoint rule over ±6σ; sqrt is smooth enough there for 1e-6 accuracy.
        const int gaussPoints = 33;
        var c = 0.375 + (sigma * sigma);
        double[] nodes, weights;
        if (sigma > 0)
        {
            nodes = new double[gaussPoints];
            weights = new double[gaussPoints];
            double total = 0;
            for (var i = 0; i < gaussPoints; i++)
            {
                var u = -6 + (12.0 * (i + 0.5) / gaussPoints);
                nodes[i] = u * sigma;
                weights[i] = Math.Exp(-0.5 * u * u);
                total += weights[i];
            }

            for (var i = 0; i < gaussPoints; i++)
            {
                weights[i] /= total;
            }
        }
        else
        {
            nodes = [0.0];
            weights = [1.0];
        }

        var kMax = (int)Math.Ceiling(lambda + 10 * Math.Sqrt(lambda) + 20);
        var kMin = (int)Math.Max(0, Math.Floor(lambda - 10 * Math.Sqrt(lambda) - 20));
        double sum = 0;
        for (var k = kMin; k <= kMax; k++)
        {
            var logP = lambda > 0 ? (k * Math.Log(lambda)) - lambda - LogFactorial(k) : (k == 0 ? 0 : double.NegativeInfinity);
            var p = Math.Exp(logP);
            if (p < 1e-300)
            {
                continue;
            }

            double inner = 0;
            for (var i = 0; i < nodes.Length; i++)
            {
                var arg = k + nodes[i] + c;
                inner += arg > 0 ? weights[i] * 2 * Math.Sqrt(arg) : 0;
            }

            sum += p * inner;
        }

        return sum;
    }

    private static (double[] Lambda, double[] Expected) BuildTable(double sigma)
    {
        var lambda = new double[TableSize];
        var expected = new double[TableSize];
        var root = Math.Sqrt(TableMaxCounts);
        for (var i = 0; i < TableSize; i++)
        {
            var s = root * i / (TableSize - 1);
            lambda[i] = s * s;
            expected[i] = ExpectedTransform(lambda[i], sigma);
        }

        return (lambda, expected);
    }

    private static double LogFactorial(int k)
    {
        if (k < 2)
        {
            return 0;
        }

        // Stirling series; exact enough (1e-10) from k = 2 when the first correction terms are kept.
        if (k < 20)
        {
            double f = 0;
            for (var i = 2; i <= k; i++)
            {
                f += Math.Log(i);
            }

            return f;
        }

        double n = k;
        return (n * Math.Log(n)) - n + (0.5 * Math.Log(2 * Math.PI * n)) + (1 / (12 * n)) - (1 / (360 * n * n * n));
    }
}
