using Tacs.Collagen.Classification;
using Tacs.Collagen.Metrics;
using Tacs.Validation.Statistics;

namespace Tacs.Validation.Study;

/// <summary>
/// Phase 1's statistics, from the measured work units: classification by repeated stratified k-fold
/// cross-validation on the same folds for every method, so that accuracy differences are paired; image quality
/// against the noise-free image; time per image.
/// </summary>
internal sealed class SyntheticPhase(ValidationOptions options, IReadOnlyList<MethodInfo> methods, IReadOnlyList<SampleOutcome> samples)
{
    public TrainingOptions Training => new() { Seed = options.Seed, BandWidth = options.BandWidth, Command = options.CommandLine };

    /// <summary>Feature vectors of method <paramref name="m"/> at level <paramref name="l"/>, in sample order.</summary>
    public TrainingExample[] Examples(int l, int m) => [.. samples.Select(s => new TrainingExample(s.Label, s.Levels[l][m].Features, s.Id))];

    /// <summary>Accuracy of features measured on the clean images: what noise costs at most.</summary>
    public Interval CleanAccuracy()
    {
        var clean = samples.Select(s => new TrainingExample(s.Label, s.Clean, s.Id)).ToArray();
        return Unit([.. CrossValidation.RepeatedStratifiedKFold(clean, options.Folds, options.Repeats, options.Seed, Training).Folds.Select(f => f.Accuracy)], 1.0 / options.Folds);
    }

    public IReadOnlyList<LevelResult> Levels()
    {
        var levels = new List<LevelResult>();
        for (var l = 0; l < options.Levels.Count; l++)
        {
            var level = options.Levels[l];
            var results = new List<MethodResult>();
            MethodResult? baseline = null;
            for (var m = 0; m < methods.Count; m++)
            {
                var outcomes = samples.Select(s => s.Levels[l][m]).ToArray();
                var result = Summarise(methods[m], Examples(l, m), outcomes, baseline);
                baseline ??= result;
                results.Add(result);
            }

            levels.Add(new LevelResult(level.Name, level.PeakPhotons, level.ReadNoise, results));
        }

        return levels;
    }

    private MethodResult Summarise(MethodInfo method, TrainingExample[] examples, MethodOutcome[] outcomes, MethodResult? baseline)
    {
        var pooled = new List<(string Truth, TacsPrediction Prediction)>();
        var cv = CrossValidation.RepeatedStratifiedKFold(examples, options.Folds, options.Repeats, options.Seed, train =>
        {
            var model = TacsModel.Train(train, Training);
            return test =>
            {
                var predictions = model.PredictMany([.. test.Select(e => e.Features)]);
                pooled.AddRange(test.Select((e, i) => (e.Label, predictions[i])));
                return predictions;
            };
        });
        var testFraction = 1.0 / options.Folds;
        var accuracies = cv.Folds.Select(f => f.Accuracy).ToArray();
        var classes = cv.Folds[0].Classes;
        var confusion = new int[classes.Count, classes.Count];
        foreach (var fold in cv.Folds)
        {
            for (var a = 0; a < classes.Count; a++)
            {
                for (var b = 0; b < classes.Count; b++)
                {
                    confusion[a, b] += fold.Confusion[a, b];
                }
            }
        }

        PairedComparison? delta = null;
        string? decision = null;
        int? toDecide = null;
        if (baseline is not null)
        {
            delta = ResampledT.Paired([.. baseline.FoldAccuracies.Select(a => a * 100)], [.. accuracies.Select(a => a * 100)], testFraction);
            decision = delta.Difference.Low > options.TargetDeltaPoints ? "yes" : delta.Difference.High < options.TargetDeltaPoints ? "no" : "undecided";
            toDecide = Power.PerClassToDecide(delta, options.PerClass, options.TargetDeltaPoints);
        }

        return new MethodResult
        {
            Method = method.Name,
            Chain = method.Chain,
            Psnr = outcomes.Average(o => o.Psnr),
            Ssim = outcomes.Average(o => o.Ssim),
            MillisecondsPerImage = outcomes.Average(o => o.Milliseconds),
            Accuracy = Unit(accuracies, testFraction),
            Precision = Unit([.. cv.Folds.Select(f => f.PerClass.Average(c => c.Precision))], testFraction),
            Recall = Unit([.. cv.Folds.Select(f => f.PerClass.Average(c => c.Recall))], testFraction),
            F1 = Unit([.. cv.Folds.Select(f => f.MacroF1)], testFraction),
            RocAuc = Unit([.. cv.Folds.Select(f => f.MacroRocAuc)], testFraction),
            DeltaPoints = delta,
            DeltaAboveTarget = decision,
            PerClassToDecide = toDecide,
            FoldAccuracies = accuracies,
            Confusion = confusion,
            Classes = classes,
            Roc = classes.ToDictionary(
                c => c,
                c => Roc.Curve([.. pooled.Select(p => p.Prediction.Probabilities.GetValueOrDefault(c))], [.. pooled.Select(p => p.Truth == c)])),
        };
    }

    // Scores between 0 and 1: the interval is cut at the bounds.
    private static Interval Unit(IReadOnlyList<double> scores, double testFraction) => ResampledT.MeanInterval(scores, testFraction, min: 0, max: 1);
}
