using Tacs.Collagen.Classification;
using Tacs.Collagen.Metrics;

namespace Tacs.Validation.Study;

/// <summary>
/// Phase 3's statistics: the models of phase 1 (trained on unchanged images, first repeat's folds, middle noise
/// level) tested on the features of rotated, flipped and noisier test images, each denoised by the same method first
/// (measured per image by <see cref="StudyWork"/>).
/// </summary>
internal sealed class RobustnessPhase(ValidationOptions options, IReadOnlyList<MethodInfo> methods, IReadOnlyList<SampleOutcome> all)
{
    public IReadOnlyList<RobustnessResult> Run()
    {
        // The first images (as many per class as RobustnessPerClass), which carry the perturbed features.
        var samples = all.TakeWhile(s => s.Perturbed.Length > 0).ToList();
        var phase1 = new SyntheticPhase(options, methods, samples);
        var levelIndex = options.Levels.Count / 2;
        var level = options.Levels[levelIndex];
        var folds = StratifiedFolds.KFold([.. samples.Select(s => s.Label)], options.Folds, options.Seed);
        var results = new List<RobustnessResult>();
        for (var m = 0; m < methods.Count; m++)
        {
            var examples = phase1.Examples(levelIndex, m);
            var models = Enumerable.Range(0, options.Folds).Select(f => TacsModel.Train([.. examples.Where((_, i) => folds[i] != f)], phase1.Training)).ToArray();
            var baseline = Accuracy(examples.Select((e, i) => models[folds[i]].Predict(e.Features).Label == e.Label));
            for (var p = 0; p < Perturbations.All.Length; p++)
            {
                var accuracy = Accuracy(samples.Select((s, i) => models[folds[i]].Predict(s.Perturbed[m][p]).Label == s.Label));
                results.Add(new RobustnessResult(level.Name, methods[m].Name, Perturbations.All[p].Name(), accuracy, baseline));
            }
        }

        return results;
    }

    private static double Accuracy(IEnumerable<bool> correct)
    {
        var list = correct.ToList();
        return list.Count(c => c) / (double)list.Count;
    }
}
