using Tacs.Host.Batch;
using System.Diagnostics;
using Serilog;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;

namespace Tacs.Validation.Study;

/// <summary>
/// The expensive part of the study, image by image: generating each synthetic image, denoising it with every method
/// at every level, measuring quality and features (phases 1 and 3), and the real images of phase 2. Work units are
/// numbered synthetic images first, then real noisy images, then real collagen images; a <see cref="Shard"/> does
/// its share of them.
/// </summary>
internal sealed class StudyWork(ValidationOptions options, IReadOnlyList<DenoisingMethod> methods, PluginCatalog catalog, ILogger log, string outputFolder)
{
    private readonly FeatureOptions _features = new() { BandWidth = options.BandWidth };

    public int SyntheticCount => options.PerClass * 3;

    public int UnitCount => SyntheticCount + options.RealNoisyImages.Count + options.RealCollagenImages.Count;

    /// <summary>Images phase 3 uses: the first ones, so a pilot's images serve the larger study unchanged.</summary>
    public int RobustnessCount => options.Robustness ? Math.Min(options.PerClass, options.RobustnessPerClass) * 3 : 0;

    /// <summary>Does the shard's units; synthetic images in <paramref name="done"/> (a pilot's) are taken as they are.</summary>
    public StudyOutcomes Run(Shard shard, CancellationToken cancellation, IReadOnlyList<SampleOutcome>? done = null)
    {
        var reused = (done ?? []).Where(s => s.Index < SyntheticCount && shard.Owns(s.Index)).ToDictionary(s => s.Index);
        var clock = Stopwatch.StartNew();
        var synth = new SynthOptions { Size = options.Size, BandWidth = options.BandWidth, NoiseLevels = options.Levels };
        synth.Validate();
        var units = shard.Units(UnitCount).Where(u => !reused.ContainsKey(u)).ToList();
        log.Information("Study work {Shard}: {Count} of {Total} units ({Synthetic} synthetic {Size}x{Size} images at {Levels} noise levels, {Methods} methods, then real images)",
            shard, units.Count, UnitCount, SyntheticCount, options.Size, options.Size, options.Levels.Count, methods.Count);
        var progress = new Progress(units.Count, log);
        if (reused.Count > 0)
        {
            log.Information("{Count} synthetic images are the pilot's: reused", reused.Count);
        }

        var samples = new SampleOutcome[units.Count(u => u < SyntheticCount)];
        var synthetic = units.Where(u => u < SyntheticCount).ToArray();
        Parallel.For(0, synthetic.Length, new ParallelOptions { CancellationToken = cancellation, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var sample = Generate(synth, synthetic[i]);
            samples[i] = Sample(sample, cancellation);
            if (sample.Index == 0)
            {
                // One picture per level for the report: noise-free, then every method.
                Report.ExampleImages.Synthetic(Path.Combine(outputFolder, "examples"), sample, options.Levels, methods);
            }

            progress.Done(sample.Id);
        });

        var real = new RealPhase(methods, catalog, log, outputFolder);
        var realDenoising = new List<(int, IReadOnlyList<RealDenoiseResult>)>();
        var realClassification = new List<(int, RealClassificationResult)>();
        foreach (var unit in units.Where(u => u >= SyntheticCount))
        {
            cancellation.ThrowIfCancellationRequested();
            var r = unit - SyntheticCount;
            if (r < options.RealNoisyImages.Count)
            {
                realDenoising.Add((unit, real.Denoise(options.RealNoisyImages[r], cancellation)));
                progress.Done(Path.GetFileName(options.RealNoisyImages[r]));
            }
            else
            {
                var path = options.RealCollagenImages[r - options.RealNoisyImages.Count];
                realClassification.Add((unit, real.Classify(path, cancellation)));
                progress.Done(Path.GetFileName(path));
            }
        }

        return new StudyOutcomes
        {
            Options = options,
            Methods = [.. methods.Select(m => new MethodInfo(m.Name, m.ChainText))],
            PluginVersions = catalog.Slots.ToDictionary(s => s.Id, s => s.Current.Manifest.Version),
            Samples = [.. samples.Concat(reused.Values).OrderBy(s => s.Index)],
            RealDenoising = realDenoising,
            RealClassification = realClassification,
            Seconds = clock.Elapsed.TotalSeconds,
            // CPU model and ISA with the timings: a figure from another CPU is another figure.
            Machine = Tacs.Diagnostics.MachineFacts.Current(typeof(StudyWork).Assembly).Summary,
        };
    }

    /// <summary>Synthetic image <paramref name="index"/>: the same image whatever the set's size (class index mod 3, seed from the index).</summary>
    public static SynthSample Generate(SynthOptions synth, int index, int seed) =>
        CollagenSynthesizer.Generate(synth, TacsClassNames.All[index % 3], CollagenSynthesizer.SeedOf(seed, index), index);

    private SynthSample Generate(SynthOptions synth, int index) => Generate(synth, index, options.Seed);

    private SampleOutcome Sample(SynthSample sample, CancellationToken cancellation)
    {
        var clean = Features(sample.Clean, sample, sample.Boundary);
        var levels = new MethodOutcome[options.Levels.Count][];
        for (var l = 0; l < options.Levels.Count; l++)
        {
            var truth = sample.ExpectedFor(options.Levels[l]);
            var range = truth.Max() - truth.Min();
            levels[l] = new MethodOutcome[methods.Count];
            for (var m = 0; m < methods.Count; m++)
            {
                cancellation.ThrowIfCancellationRequested();
                var (denoised, ms) = methods[m].Denoise(sample.Noisy[l].Pixels, sample.Width, sample.Height);
                levels[l][m] = new MethodOutcome(
                    ImageQuality.Psnr(truth, denoised, range),
                    ImageQuality.Ssim(truth, denoised, sample.Width, sample.Height, range),
                    ms,
                    Features(denoised, sample, sample.Boundary));
            }
        }

        var perturbed = sample.Index < RobustnessCount ? Perturbed(sample, cancellation) : [];
        return new SampleOutcome(sample.Index, sample.Id, sample.Label.Name(), clean, levels, perturbed);
    }

    // Phase 3 at the middle level: every method on rotated, flipped and noisier copies.
    private FeatureVector[][] Perturbed(SynthSample sample, CancellationToken cancellation)
    {
        var levelIndex = options.Levels.Count / 2;
        var result = new FeatureVector[methods.Count][];
        for (var m = 0; m < methods.Count; m++)
        {
            result[m] = new FeatureVector[Perturbations.All.Length];
            for (var p = 0; p < Perturbations.All.Length; p++)
            {
                cancellation.ThrowIfCancellationRequested();
                var perturbation = Perturbations.All[p];
                var noisy = perturbation.Move(sample.Noisy[levelIndex].Pixels, sample.Width);
                if (perturbation == Perturbation.ExtraNoise)
                {
                    noisy = AddNoise(noisy, sample.Width, sample.Height, sample.Seed);
                }

                var boundary = TumourBoundary.FromMask(perturbation.Move(sample.Boundary.Mask, sample.Width), sample.Width, sample.Height);
                result[m][p] = Features(methods[m].Denoise(noisy, sample.Width, sample.Height).Pixels, sample, boundary);
            }
        }

        return result;
    }

    private FeatureVector Features(float[] pixels, SynthSample sample, TumourBoundary boundary) =>
        FibreFeatureExtractor.Extract(pixels, sample.Width, sample.Height, boundary, _features);

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
