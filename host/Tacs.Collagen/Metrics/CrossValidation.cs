using Tacs.Collagen.Classification;

namespace Tacs.Collagen.Metrics;

/// <summary>Mean and sample standard deviation of a figure over folds.</summary>
/// <param name="Mean">Mean.</param>
/// <param name="StandardDeviation">Sample standard deviation (0 for one value).</param>
public readonly record struct MeanStd(double Mean, double StandardDeviation)
{
    /// <summary>Summarises values.</summary>
    /// <param name="values">The values.</param>
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new MeanStd(double.NaN, double.NaN);
        }

        var mean = values.Average();
        var variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        return new MeanStd(mean, Math.Sqrt(variance));
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Mean:F3} ± {StandardDeviation:F3}");
}

/// <summary>The result of repeated stratified k-fold cross-validation.</summary>
/// <param name="Folds">Report of every test fold (repeats × k).</param>
/// <param name="K">Folds per repeat.</param>
/// <param name="Repeats">Repeats.</param>
/// <param name="Seed">Seed of the fold assignment.</param>
public sealed record CrossValidationResult(IReadOnlyList<ClassificationReport> Folds, int K, int Repeats, int Seed)
{
    /// <summary>Accuracy over folds.</summary>
    public MeanStd Accuracy => MeanStd.Of([.. Folds.Select(f => f.Accuracy)]);

    /// <summary>Macro F1 over folds.</summary>
    public MeanStd MacroF1 => MeanStd.Of([.. Folds.Select(f => f.MacroF1)]);

    /// <summary>Macro one-versus-rest ROC-AUC over folds.</summary>
    public MeanStd MacroRocAuc => MeanStd.Of([.. Folds.Select(f => f.MacroRocAuc)]);
}

/// <summary>Repeated stratified k-fold cross-validation of <see cref="TacsModel"/> (or of any trainer).</summary>
public static class CrossValidation
{
    /// <summary>Cross-validates the TACS random forest.</summary>
    /// <param name="examples">Labelled feature vectors.</param>
    /// <param name="k">Folds.</param>
    /// <param name="repeats">Repeats, each with a new shuffle.</param>
    /// <param name="seed">Seed of the shuffles (repeat r uses seed + r).</param>
    /// <param name="options">Training options.</param>
    public static CrossValidationResult RepeatedStratifiedKFold(IReadOnlyList<TrainingExample> examples, int k, int repeats, int seed, TrainingOptions? options = null) =>
        RepeatedStratifiedKFold(examples, k, repeats, seed, train =>
        {
            var model = TacsModel.Train(train, options);
            return test => model.PredictMany([.. test.Select(e => e.Features)]);
        });

    /// <summary>Cross-validates any trainer: <paramref name="train"/> gets the training folds and returns a
    /// predictor for the test fold.</summary>
    /// <param name="examples">Labelled feature vectors.</param>
    /// <param name="k">Folds.</param>
    /// <param name="repeats">Repeats.</param>
    /// <param name="seed">Seed of the shuffles (repeat r uses seed + r).</param>
    /// <param name="train">Trains on some examples, returns a batch predictor.</param>
    public static CrossValidationResult RepeatedStratifiedKFold(
        IReadOnlyList<TrainingExample> examples, int k, int repeats, int seed,
        Func<IReadOnlyList<TrainingExample>, Func<IReadOnlyList<TrainingExample>, IReadOnlyList<TacsPrediction>>> train)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var labels = examples.Select(e => e.Label).ToArray();
        var classes = labels.Distinct().Order(StringComparer.Ordinal).ToArray();
        var reports = new List<ClassificationReport>();
        for (var r = 0; r < repeats; r++)
        {
            var fold = StratifiedFolds.KFold(labels, k, seed + r);
            for (var f = 0; f < k; f++)
            {
                var trainSet = examples.Where((_, i) => fold[i] != f).ToArray();
                var testSet = examples.Where((_, i) => fold[i] == f).ToArray();
                var predictions = train(trainSet)(testSet);
                reports.Add(ClassificationReport.Create([.. testSet.Select(e => e.Label)], predictions, classes));
            }
        }

        return new CrossValidationResult(reports, k, repeats, seed);
    }
}
