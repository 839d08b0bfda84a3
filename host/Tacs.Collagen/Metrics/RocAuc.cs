namespace Tacs.Collagen.Metrics;

/// <summary>Area under the ROC curve by the Mann–Whitney rank statistic (ties count half).</summary>
public static class RocAuc
{
    /// <summary>AUC of <paramref name="scores"/> for separating positives from negatives; NaN without both.</summary>
    /// <param name="scores">Score of each example (higher means more likely positive).</param>
    /// <param name="positive">Whether each example is positive.</param>
    public static double OneVersusRest(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count)
        {
            throw new ArgumentException("Scores and labels differ in length.");
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            var rank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        long nPos = positive.Count(p => p);
        long nNeg = positive.Count - nPos;
        if (nPos == 0 || nNeg == 0)
        {
            return double.NaN;
        }

        var rankSum = Enumerable.Range(0, ranks.Length).Where(i => positive[i]).Sum(i => ranks[i]);
        return (rankSum - (nPos * (nPos + 1) / 2.0)) / (nPos * (double)nNeg);
    }
}
