using Serilog;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Metrics;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;

namespace Tacs.Validation.Study;

/// <summary>
/// Phase 3: the models of phase 1 (trained on unchanged images, first repeat's folds, middle noise level) tested on
/// rotated, flipped and noisier versions of their test images, each denoised by the same method first.
/// </summary>
internal sealed class RobustnessPhase(ValidationOptions options, SyntheticPhase phase1, IReadOnlyList<DenoisingMethod> methods, ILogger log)
{
    public IReadOnlyList<RobustnessResult> Run(CancellationToken cancellation)
    {
        var levelIndex = options.Levels.Count / 2;
        var level = options.Levels[levelIndex];
        var samples = phase1.Samples;
        var labels = samples.Select(s => s.Label.Name()).ToArray();
        var folds = StratifiedFolds.KFold(labels, options.Folds, options.Seed);
        var featureOptions = new FeatureOptions { BandWidth = options.BandWidth };
        var results = new List<RobustnessResult>();
        foreach (var method in methods)
        {
            var examples = phase1.Examples[(method.Name, level.Name)];
            var models = Enumerable.Range(0, options.Folds).Select(f => TacsModel.Train([.. examples.Where((_, i) => folds[i] != f)], phase1.Training)).ToArray();
            var baseline = Accuracy(examples.Select((e, i) => (e, models[folds[i]])));
            foreach (var perturbation in Perturbations.All)
            {
                cancellation.ThrowIfCancellationRequested();
                var correct = new bool[samples.Count];
                Parallel.For(0, samples.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
                {
                    var sample = samples[i];
                    var noisy = perturbation.Move(sample.Noisy[levelIndex].Pixels, sample.Width);
                    if (perturbation == Perturbation.ExtraNoise)
                    {
                        noisy = AddNoise(noisy, sample.Width, sample.Height, sample.Seed);
                    }

                    var boundary = TumourBoundary.FromMask(perturbation.Move(sample.Boundary.Mask, sample.Width), sample.Width, sample.Height);
                    var features = FibreFeatureExtractor.Extract(method.Apply(noisy, sample.Width, sample.Height), sample.Width, sample.Height, boundary, featureOptions);
                    correct[i] = models[folds[i]].Predict(features).Label == examples[i].Label;
                });
                var accuracy = correct.Count(c => c) / (double)correct.Length;
                results.Add(new RobustnessResult(level.Name, method.Name, perturbation.Name(), accuracy, baseline));
                log.Information("Phase 3: {Level} {Method} {Perturbation}: accuracy {Accuracy:F3} (unchanged {Baseline:F3})", level.Name, method.Name, perturbation.Name(), accuracy, baseline);
            }
        }

        return results;
    }

    private static double Accuracy(IEnumerable<(TrainingExample Example, TacsModel Model)> pairs)
    {
        var list = pairs.ToList();
        return list.Count(p => p.Model.Predict(p.Example.Features).Label == p.Example.Label) / (double)list.Count;
    }

    // Adds Gaussian noise of half the image's estimated noise variance: total variance ×1.5.
    private static float[] AddNoise(float[] pixels, int width, int height, int seed)
    {
        var sigma = Math.Sqrt(0.5) * NoiseEstimate.Sigma(pixels, width, height);
        var random = new Random(seed ^ 0x5eed);
        var result = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            result[i] = (float)Math.Clamp(pixels[i] + (sigma * NoiseModel.Gaussian(random)), 0, ushort.MaxValue);
        }

        return result;
    }
}
