using MathNet.Numerics.Distributions;

namespace Tacs.Validation.Statistics;

/// <summary>
/// Intervals and paired tests over the folds of repeated k-fold cross-validation, with the variance correction of
/// Nadeau and Bengio (2003, "Inference for the generalization error"): fold scores share training data, so the
/// plain t-interval is too narrow; the corrected variance is (1/J + n_test/n_train)·s² over J folds.
/// </summary>
public static class ResampledT
{
    /// <summary>Mean and corrected confidence interval of per-fold scores.</summary>
    /// <param name="scores">One score per fold (all repeats).</param>
    /// <param name="testFraction">Share of the data in each test fold (1/k).</param>
    /// <param name="level">Confidence level.</param>
    /// <param name="min">Smallest possible score (the interval is cut there).</param>
    /// <param name="max">Largest possible score (the interval is cut there; accuracy cannot pass 1).</param>
    public static Interval MeanInterval(IReadOnlyList<double> scores, double testFraction, double level = 0.95, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var (mean, halfWidth, _, _) = Core(scores, testFraction, level);
        return new Interval(mean, Math.Max(min, mean - halfWidth), Math.Min(max, mean + halfWidth), level);
    }

    /// <summary>Paired comparison of per-fold scores of two methods evaluated on the same folds.</summary>
    /// <param name="baseline">Scores of the baseline, fold by fold.</param>
    /// <param name="treatment">Scores of the other method on the same folds.</param>
    /// <param name="testFraction">Share of the data in each test fold (1/k).</param>
    /// <param name="level">Confidence level.</param>
    public static PairedComparison Paired(IReadOnlyList<double> baseline, IReadOnlyList<double> treatment, double testFraction, double level = 0.95)
    {
        if (baseline.Count != treatment.Count)
        {
            throw new ArgumentException("Paired scores need the same folds on both sides.");
        }

        var differences = treatment.Zip(baseline, (t, b) => t - b).ToArray();
        var (mean, halfWidth, standardError, df) = Core(differences, testFraction, level);
        double statistic, p;
        if (standardError > 0)
        {
            statistic = mean / standardError;
            p = 2 * (1 - StudentT.CDF(0, 1, df, Math.Abs(statistic)));
        }
        else
        {
            statistic = mean == 0 ? 0 : double.PositiveInfinity * Math.Sign(mean);
            p = mean == 0 ? 1 : 0;
        }

        return new PairedComparison(new Interval(mean, mean - halfWidth, mean + halfWidth, level), statistic, df, p);
    }

    private static (double Mean, double HalfWidth, double StandardError, int Df) Core(IReadOnlyList<double> values, double testFraction, double level)
    {
        if (values.Count < 2)
        {
            throw new ArgumentException("An interval needs at least two folds.");
        }

        if (testFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), "The test fraction lies between 0 and 1.");
        }

        var n = values.Count;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var corrected = ((1.0 / n) + (testFraction / (1 - testFraction))) * variance;
        var standardError = Math.Sqrt(corrected);
        var df = n - 1;
        var quantile = StudentT.InvCDF(0, 1, df, 1 - ((1 - level) / 2));
        return (mean, quantile * standardError, standardError, df);
    }
}
