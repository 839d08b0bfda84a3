using Serilog;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Metrics;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Quality;
using Tacs.Validation.Statistics;

namespace Tacs.Validation.Study;

/// <summary>
/// Phase 1: synthetic TACS images at several noise levels, each treated by every method; image quality against
/// the noise-free image, and classification by repeated stratified k-fold cross-validation on the same folds for
/// every method, so that accuracy differences are paired.
/// </summary>
internal sealed class SyntheticPhase(ValidationOptions options, IReadOnlyList<DenoisingMethod> methods, ILogger log)
{
    private readonly FeatureOptions _features = new() { BandWidth = options.BandWidth };

    public IReadOnlyList<SynthSample> Samples { get; private set; } = [];

    /// <summary>Feature vectors by method name and level name, in sample order.</summary>
    public Dictionary<(string Method, string Level), TrainingExample[]> Examples { get; } = [];

    public TrainingOptions Training => new() { Seed = options.Seed, BandWidth = options.BandWidth, Command = options.CommandLine };

    public Interval CleanAccuracy { get; private set; } = new(0, 0, 0);

    public IReadOnlyList<LevelResult> Run(CancellationToken cancellation)
    {
        var synth = new SynthOptions { Size = options.Size, BandWidth = options.BandWidth, NoiseLevels = options.Levels };
        synth.Validate();
        log.Information("Phase 1: generating {Count} synthetic images ({Size}x{Size}, {Levels} noise levels)", options.PerClass * 3, options.Size, options.Size, options.Levels.Count);
        Samples = [.. CollagenSynthesizer.GenerateSet(synth, options.PerClass, options.Seed)];

        var clean = Extract(Samples.Select(s => s.Clean).ToArray(), cancellation);
        CleanAccuracy = Unit([.. CrossValidate(clean).Folds.Select(f => f.Accuracy)], 1.0 / options.Folds);
        log.Information("Phase 1: clean images, accuracy {Accuracy}", CleanAccuracy);

        var levels = new List<LevelResult>();
        for (var l = 0; l < options.Levels.Count; l++)
        {
            var level = options.Levels[l];
            var results = new List<MethodResult>();
            MethodResult? baseline = null;
            foreach (var method in methods)
            {
                cancellation.ThrowIfCancellationRequested();
                var denoised = new float[Samples.Count][];
                var psnr = new double[Samples.Count];
                var ssim = new double[Samples.Count];
                Parallel.For(0, Samples.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
                {
                    var sample = Samples[i];
                    denoised[i] = method.Apply(sample.Noisy[l].Pixels, sample.Width, sample.Height);
                    var truth = sample.ExpectedFor(level);
                    var range = truth.Max() - truth.Min();
                    psnr[i] = ImageQuality.Psnr(truth, denoised[i], range);
                    ssim[i] = ImageQuality.Ssim(truth, denoised[i], sample.Width, sample.Height, range);
                });
                var examples = Extract(denoised, cancellation);
                Examples[(method.Name, level.Name)] = examples;
                var result = Summarise(method, examples, psnr.Average(), ssim.Average(), baseline);
                baseline ??= result;
                results.Add(result);
                log.Information("Phase 1: {Level} {Method}: PSNR {Psnr:F2} dB, SSIM {Ssim:F3}, accuracy {Accuracy}{Delta}", level.Name, method.Name, result.Psnr, result.Ssim, result.Accuracy,
                    result.DeltaPoints is { } d ? FormattableString.Invariant($", delta {d.Difference.Mean:+0.0;-0.0} points [{d.Difference.Low:F1}, {d.Difference.High:F1}]") : string.Empty);
            }

            levels.Add(new LevelResult(level.Name, level.PeakPhotons, level.ReadNoise, results));
        }

        return levels;
    }

    public TrainingExample[] Extract(float[][] images, CancellationToken cancellation)
    {
        var examples = new TrainingExample[Samples.Count];
        Parallel.For(0, Samples.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var sample = Samples[i];
            var features = FibreFeatureExtractor.Extract(images[i], sample.Width, sample.Height, sample.Boundary, _features);
            examples[i] = new TrainingExample(sample.Label.Name(), features, sample.Id);
        });
        return examples;
    }

    private MethodResult Summarise(DenoisingMethod method, TrainingExample[] examples, double psnr, double ssim, MethodResult? baseline)
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
        if (baseline is not null)
        {
            delta = ResampledT.Paired([.. baseline.FoldAccuracies.Select(a => a * 100)], [.. accuracies.Select(a => a * 100)], testFraction);
            decision = delta.Difference.Low > options.TargetDeltaPoints ? "yes" : delta.Difference.High < options.TargetDeltaPoints ? "no" : "undecided";
        }

        return new MethodResult
        {
            Method = method.Name,
            Chain = method.ChainText,
            Psnr = psnr,
            Ssim = ssim,
            MillisecondsPerImage = method.MillisecondsPerImage,
            Accuracy = Unit(accuracies, testFraction),
            Precision = Unit([.. cv.Folds.Select(f => f.PerClass.Average(c => c.Precision))], testFraction),
            Recall = Unit([.. cv.Folds.Select(f => f.PerClass.Average(c => c.Recall))], testFraction),
            F1 = Unit([.. cv.Folds.Select(f => f.MacroF1)], testFraction),
            RocAuc = Unit([.. cv.Folds.Select(f => f.MacroRocAuc)], testFraction),
            DeltaPoints = delta,
            DeltaAboveTarget = decision,
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

    private CrossValidationResult CrossValidate(TrainingExample[] examples) =>
        CrossValidation.RepeatedStratifiedKFold(examples, options.Folds, options.Repeats, options.Seed, Training);
}
