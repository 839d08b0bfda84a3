namespace Tacs.Validation.Statistics;

/// <summary>
/// How many images the study needs. Fold accuracies are means over n/k test images, so their fold-to-fold variance
/// falls about as 1/n; the corrected resampled t multiplies it by (1/J + n_test/n_train), which does not depend on n.
/// The interval's half-width therefore shrinks as 1/√n: h(n') = h(n)·√(n/n') at the same folds and repeats.
/// </summary>
public static class Power
{
    /// <summary>Half the width of a paired comparison's interval, in its units.</summary>
    public static double HalfWidth(PairedComparison comparison) => (comparison.Difference.High - comparison.Difference.Low) / 2;

    /// <summary>Images per class for a half-width of at most <paramref name="wanted"/>, from <paramref name="halfWidth"/> seen at <paramref name="perClass"/>.</summary>
    public static int PerClassFor(double halfWidth, int perClass, double wanted)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        var scale = Math.Pow(halfWidth / wanted, 2);
        return scale * perClass >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)Math.Ceiling(perClass * scale));
    }

    /// <summary>
    /// Images per class at which the interval would clear <paramref name="target"/>, if the mean difference and the
    /// per-image variance stay as they are; null when it already does; <see cref="int.MaxValue"/> when the mean sits on the target.
    /// </summary>
    public static int? PerClassToDecide(PairedComparison comparison, int perClass, double target)
    {
        var d = comparison.Difference;
        if (d.Low > target || d.High < target)
        {
            return null;
        }

        var margin = Math.Abs(d.Mean - target);
        return margin < 1e-9 ? int.MaxValue : PerClassFor(HalfWidth(comparison), perClass, margin);
    }
}
