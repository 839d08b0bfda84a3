using Tacs.Collagen.Classification;
using Tacs.Collagen.Metrics;

namespace Tacs.Collagen.Tests.Metrics;

public class MetricsTests
{
    [Fact]
    public void RocAucIsOneForPerfectScoresAHalfForTiesAndCountsPairs()
    {
        Assert.Equal(1.0, RocAuc.OneVersusRest([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
        Assert.Equal(0.5, RocAuc.OneVersusRest([0.5, 0.5, 0.5, 0.5], [false, true, false, true]));
        // Positives 0.4 and 0.8 against negatives 0.3 and 0.6: 3 of 4 pairs ranked right.
        Assert.Equal(0.75, RocAuc.OneVersusRest([0.3, 0.4, 0.6, 0.8], [false, true, false, true]));
        Assert.True(double.IsNaN(RocAuc.OneVersusRest([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void ReportCountsTheConfusionMatrixAndPerClassFigures()
    {
        string[] truth = ["A", "A", "A", "B", "B", "C"];
        string[] predicted = ["A", "A", "B", "B", "B", "A"];
        var predictions = predicted.Select(p => new TacsPrediction(p, new Dictionary<string, double> { ["A"] = p == "A" ? 1 : 0, ["B"] = p == "B" ? 1 : 0, ["C"] = 0 })).ToArray();

        var report = ClassificationReport.Create(truth, predictions);

        Assert.Equal(4 / 6.0, report.Accuracy, 10);
        Assert.Equal(2, report.Confusion[0, 0]);
        Assert.Equal(1, report.Confusion[0, 1]);
        Assert.Equal(1, report.Confusion[2, 0]);
        var a = report.PerClass[0];
        Assert.Equal(2 / 3.0, a.Precision, 10); // predicted A three times, right twice
        Assert.Equal(2 / 3.0, a.Recall, 10);
        var c = report.PerClass[2];
        Assert.Equal(0, c.Recall);
        Assert.Equal(0, c.F1);
        Assert.Equal((a.F1 + report.PerClass[1].F1 + 0) / 3, report.MacroF1, 10);
    }

    [Fact]
    public void StratifiedKFoldKeepsClassProportionsInEveryFold()
    {
        var labels = Enumerable.Repeat("A", 30).Concat(Enumerable.Repeat("B", 15)).Concat(Enumerable.Repeat("C", 45)).ToArray();

        var fold = StratifiedFolds.KFold(labels, 5, seed: 4);

        for (var f = 0; f < 5; f++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => fold[i] == f).Select(i => labels[i]).ToArray();
            Assert.Equal(6, members.Count(l => l == "A"));
            Assert.Equal(3, members.Count(l => l == "B"));
            Assert.Equal(9, members.Count(l => l == "C"));
        }

        Assert.Equal(fold, StratifiedFolds.KFold(labels, 5, seed: 4));
        Assert.NotEqual(fold, StratifiedFolds.KFold(labels, 5, seed: 5));
    }

    [Fact]
    public void StratifiedSplitHoldsOutTheFractionOfEachClass()
    {
        var labels = Enumerable.Repeat("A", 40).Concat(Enumerable.Repeat("B", 20)).ToArray();

        var (train, test) = StratifiedFolds.Split(labels, 0.25, seed: 1);

        Assert.Equal(10, test.Count(i => labels[i] == "A"));
        Assert.Equal(5, test.Count(i => labels[i] == "B"));
        Assert.Empty(train.Intersect(test));
        Assert.Equal(60, train.Length + test.Length);
    }

    [Fact]
    public void KFoldRefusesClassesSmallerThanK()
    {
        var error = Assert.Throws<ArgumentException>(() => StratifiedFolds.KFold(["A", "A", "B"], 2, 1));
        Assert.Contains("at least k examples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanStdUsesTheSampleStandardDeviation()
    {
        var summary = MeanStd.Of([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(2.5, summary.Mean, 10);
        Assert.Equal(Math.Sqrt(5 / 3.0), summary.StandardDeviation, 10);
    }
}
