using System.Globalization;
using System.Text;
using Tacs.Collagen.Classification;

namespace Tacs.Collagen.Metrics;

/// <summary>
/// Accuracy, per-class precision/recall/F1, macro one-versus-rest ROC-AUC and the confusion matrix of a set
/// of predictions against the truth.
/// </summary>
public sealed class ClassificationReport
{
    private ClassificationReport(IReadOnlyList<string> classes, int[,] confusion, IReadOnlyList<ClassMetrics> perClass, double accuracy)
    {
        Classes = classes;
        Confusion = confusion;
        PerClass = perClass;
        Accuracy = accuracy;
    }

    /// <summary>Class names, the order of the confusion matrix.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Confusion[truth, predicted] counts.</summary>
    public int[,] Confusion { get; }

    /// <summary>Metrics per class.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Fraction predicted right.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of the per-class F1.</summary>
    public double MacroF1 => PerClass.Average(c => c.F1);

    /// <summary>Unweighted mean of the per-class one-versus-rest ROC-AUC (classes without positives or negatives left out).</summary>
    public double MacroRocAuc => PerClass.Where(c => double.IsFinite(c.RocAuc)).Select(c => c.RocAuc).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Number of examples.</summary>
    public int Count => PerClass.Sum(c => c.Support);

    /// <summary>Scores predictions.</summary>
    /// <param name="truth">True class of each example.</param>
    /// <param name="predictions">Prediction of each example, same order.</param>
    /// <param name="classes">Class order; null for the sorted union of the classes seen.</param>
    /// <exception cref="ArgumentException">Lengths differ or there are no examples.</exception>
    public static ClassificationReport Create(IReadOnlyList<string> truth, IReadOnlyList<TacsPrediction> predictions, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        if (truth.Count != predictions.Count || truth.Count == 0)
        {
            throw new ArgumentException($"Need as many predictions as true labels, at least one; got {truth.Count} labels and {predictions.Count} predictions.");
        }

        classes ??= [.. truth.Concat(predictions.Select(p => p.Label)).Distinct().Order(StringComparer.Ordinal)];
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var confusion = new int[classes.Count, classes.Count];
        for (var i = 0; i < truth.Count; i++)
        {
            if (!index.TryGetValue(truth[i], out var t) || !index.TryGetValue(predictions[i].Label, out var p))
            {
                throw new ArgumentException($"Example {i}: class '{truth[i]}' or prediction '{predictions[i].Label}' is not among {string.Join(", ", classes)}.");
            }

            confusion[t, p]++;
        }

        var perClass = new List<ClassMetrics>();
        for (var c = 0; c < classes.Count; c++)
        {
            int tp = confusion[c, c], predicted = 0, actual = 0;
            for (var k = 0; k < classes.Count; k++)
            {
                predicted += confusion[k, c];
                actual += confusion[c, k];
            }

            var precision = predicted > 0 ? tp / (double)predicted : 0;
            var recall = actual > 0 ? tp / (double)actual : 0;
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            var name = classes[c];
            var scores = predictions.Select(p => p.Probabilities.TryGetValue(name, out var v) ? v : 0).ToArray();
            var positives = truth.Select(t => t == name).ToArray();
            perClass.Add(new ClassMetrics(name, precision, recall, f1, actual, RocAuc.OneVersusRest(scores, positives)));
        }

        var correct = Enumerable.Range(0, classes.Count).Sum(c => confusion[c, c]);
        return new ClassificationReport(classes, confusion, perClass, correct / (double)truth.Count);
    }

    /// <summary>A plain-text summary: accuracy, macro figures, a per-class table and the confusion matrix.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"accuracy {Accuracy:P1} of {Count}; macro F1 {MacroF1:F3}; macro OvR ROC-AUC {MacroRocAuc:F3}");
        text.AppendLine("class     precision  recall  F1     AUC    support");
        foreach (var c in PerClass)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{c.Class,-9} {c.Precision,9:F3}  {c.Recall,6:F3}  {c.F1:F3}  {c.RocAuc:F3}  {c.Support,7}");
        }

        text.AppendLine("confusion (rows: truth, columns: predicted)");
        text.AppendLine("          " + string.Join(" ", Classes.Select(c => c.PadLeft(7))));
        for (var t = 0; t < Classes.Count; t++)
        {
            text.AppendLine(Classes[t].PadRight(9) + " " + string.Join(" ", Enumerable.Range(0, Classes.Count).Select(p => Confusion[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(7))));
        }

        return text.ToString();
    }
}
