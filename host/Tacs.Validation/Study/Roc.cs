namespace Tacs.Validation.Study;

/// <summary>One-versus-rest ROC curve points from pooled scores.</summary>
internal static class Roc
{
    public static (double[] Fpr, double[] Tpr) Curve(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = positive.Count(p => p);
        var negatives = positive.Count - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        double tp = 0, fp = 0;
        for (var j = 0; j < order.Length; j++)
        {
            if (positive[order[j]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            // One point per distinct score, so ties do not draw staircases that depend on order.
            if (j == order.Length - 1 || scores[order[j + 1]] != scores[order[j]])
            {
                fpr.Add(negatives == 0 ? 0 : fp / negatives);
                tpr.Add(positives == 0 ? 0 : tp / positives);
            }
        }

        return ([.. fpr], [.. tpr]);
    }
}
