namespace Tacs.Validation.Statistics;

/// <summary>A mean with a confidence interval.</summary>
/// <param name="Mean">The estimate.</param>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
/// <param name="Level">Confidence level, such as 0.95.</param>
public sealed record Interval(double Mean, double Low, double High, double Level = 0.95)
{
    /// <summary>True when the interval holds <paramref name="value"/>.</summary>
    public bool Contains(double value) => Low <= value && value <= High;

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Mean:F3} [{Low:F3}, {High:F3}]");
}

/// <summary>A paired comparison of two methods over the same cross-validation folds.</summary>
/// <param name="Difference">Mean difference (second − first) with its interval.</param>
/// <param name="T">Test statistic.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom.</param>
/// <param name="PValue">Two-sided p-value for "no difference".</param>
public sealed record PairedComparison(Interval Difference, double T, int DegreesOfFreedom, double PValue);
