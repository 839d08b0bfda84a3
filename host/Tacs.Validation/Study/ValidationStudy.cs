using Tacs.Host.Batch;
using System.Diagnostics;
using System.Text.Json;
using Serilog;
using Tacs.Host.Plugins;
using Tacs.Validation.Sharding;

namespace Tacs.Validation.Study;

/// <summary>
/// Runs the study: the per-image work (all of it, or one shard of it), then the statistics from the measurements
/// (the report is written by <see cref="Report.ReportWriter"/>). A single run and a run split into shards and merged
/// compute the statistics from the same numbers, so they report the same results.
/// </summary>
public static class ValidationStudy
{
    /// <summary>Runs the whole study in this process.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="catalog">Installed plugins.</param>
    /// <param name="outputFolder">Report folder (example images are written here while running).</param>
    /// <param name="log">Progress.</param>
    /// <param name="cancellation">Stops the study.</param>
    /// <exception cref="ArgumentException">Bad settings, a missing plugin, or a missing image.</exception>
    /// <param name="cache">Denoised images kept between runs, or null.</param>
    public static ValidationResult Run(ValidationOptions options, PluginCatalog catalog, string outputFolder, ILogger log, CancellationToken cancellation = default, DenoiseCache? cache = null) =>
        Run(options, catalog, outputFolder, log, null, cache, cancellation);

    /// <summary>
    /// Sizes the study with a pilot of <see cref="ValidationOptions.PilotPerClass"/> images per class (synthetic phase
    /// only), then runs it with the images per class the pilot asks for; the pilot's images are the study's first ones
    /// and are not measured twice. Gives the numbers of a plain run with that --per-class.
    /// </summary>
    /// <returns>The plan, and the results (null when <paramref name="planOnly"/>).</returns>
    public static (PowerPlan Plan, ValidationResult? Result) RunSized(ValidationOptions options, PluginCatalog catalog, string outputFolder, ILogger log, bool planOnly, CancellationToken cancellation = default, DenoiseCache? cache = null)
    {
        var clock = Stopwatch.StartNew();
        RealPhase.CheckClassifier(options.RealCollagenImages, catalog, log);
        var pilotOptions = options with { PerClass = options.PilotPerClass, RealNoisyImages = [], RealCollagenImages = [] };
        log.Information("Pilot: {PerClass} images per class to size the study for intervals of ±{Half} points", options.PilotPerClass, options.WantedHalfWidthPoints);
        var pilot = Work(pilotOptions, catalog, outputFolder, Shard.All, log, cancellation, cache);
        var pilotLevels = new SyntheticPhase(pilotOptions, pilot.Methods, pilot.Samples).Levels();
        var plan = PowerPlan.From(pilotLevels, options.PilotPerClass, $"pilot of {options.PilotPerClass} images per class (seed {options.Seed})", options.WantedHalfWidthPoints, options.MaxPerClass);
        log.Information("Pilot: widest interval ±{Half:F1} points ({Where}); ±{Wanted} needs {Needed} images per class{Capped}; running {PerClass}",
            plan.PilotHalfWidth, plan.Widest, plan.WantedHalfWidth, plan.NeededPerClass, plan.Capped ? $" (capped at {options.MaxPerClass})" : string.Empty, plan.PerClass);
        if (planOnly)
        {
            return (plan, null);
        }

        var result = Run(options with { PerClass = plan.PerClass, Power = plan }, catalog, outputFolder, log, pilot.Samples, cache, cancellation);
        return (plan, result with { Seconds = clock.Elapsed.TotalSeconds });
    }

    /// <summary>Does shard <paramref name="shard"/>'s share of the per-image work and writes it to <paramref name="shardFolder"/>.</summary>
    /// <returns>The shard file's path.</returns>
    /// <exception cref="ArgumentException">Bad settings, a missing plugin, or a missing image.</exception>
    public static string RunShard(ValidationOptions options, PluginCatalog catalog, string outputFolder, Shard shard, string shardFolder, ILogger log, CancellationToken cancellation = default, DenoiseCache? cache = null)
    {
        var outcomes = Work(options, catalog, outputFolder, shard, log, cancellation, cache);
        var path = ShardFile.Write(outcomes, shard, shardFolder);
        log.Information("Shard {Shard} written: {Path}", shard, path);
        return path;
    }

    /// <summary>Reads every shard file of <paramref name="shardFolder"/> and computes the study's results from them.</summary>
    /// <exception cref="ArgumentException">Shards are missing, duplicated, or from different settings or plugin versions.</exception>
    public static ValidationResult Merge(string shardFolder, ILogger log)
    {
        var files = Directory.Exists(shardFolder) ? Directory.GetFiles(shardFolder, "shard-*-of-*.json").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            throw new ArgumentException($"No shard files (shard-K-of-N.json) in {shardFolder}: run the shards first (tacs validate … --shard K/N).");
        }

        var shards = files.Select(ShardFile.Read).ToList();
        var count = shards[0].Shard.Count;
        if (shards.Any(s => s.Shard.Count != count))
        {
            throw new ArgumentException($"{shardFolder} holds shards of different splits ({string.Join(", ", shards.Select(s => s.Shard.ToString()).Distinct())}): remove the old ones and rerun.");
        }

        var missing = Enumerable.Range(0, count).Where(k => shards.All(s => s.Shard.Index != k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Shards {string.Join(", ", missing.Select(k => $"{k}/{count}"))} are missing from {shardFolder}: run them (or check their logs for the error) and merge again.");
        }

        var first = shards[0].Outcomes;
        var settings = Settings(first);
        foreach (var (shard, outcomes) in shards.Skip(1))
        {
            if (Settings(outcomes) != settings)
            {
                throw new ArgumentException($"Shard {shard} ran with other settings, methods or plugin versions than shard {shards[0].Shard}: every shard must run the same command (only --shard differs). Rerun it.");
            }
        }

        var samples = shards.SelectMany(s => s.Outcomes.Samples).OrderBy(s => s.Index).ToList();
        var expected = first.Options.PerClass * 3;
        if (samples.Count != expected || samples.Select((s, i) => s.Index != i).Any(bad => bad))
        {
            throw new ArgumentException($"The shards hold {samples.Count} synthetic images, not the {expected} indices 0…{expected - 1} the settings ask for: rerun the shards.");
        }

        log.Information("Merging {Count} shards ({Samples} synthetic images)", count, samples.Count);
        var machines = shards.Select(s => s.Outcomes.Machine).Distinct();
        var merged = first with
        {
            Samples = samples,
            RealDenoising = [.. shards.SelectMany(s => s.Outcomes.RealDenoising).OrderBy(r => r.Unit)],
            RealClassification = [.. shards.SelectMany(s => s.Outcomes.RealClassification).OrderBy(r => r.Unit)],
            Seconds = shards.Sum(s => s.Outcomes.Seconds),
            Machine = $"{count} shards on {string.Join("; ", machines)}",
        };
        return Analyse(merged, log);
    }

    private static ValidationResult Run(ValidationOptions options, PluginCatalog catalog, string outputFolder, ILogger log, IReadOnlyList<SampleOutcome>? done, DenoiseCache? cache, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = Work(options, catalog, outputFolder, Shard.All, log, cancellation, cache, done);
        return Analyse(outcomes, log) with { Seconds = clock.Elapsed.TotalSeconds };
    }

    private static StudyOutcomes Work(ValidationOptions options, PluginCatalog catalog, string outputFolder, Shard shard, ILogger log, CancellationToken cancellation, DenoiseCache? cache, IReadOnlyList<SampleOutcome>? done = null)
    {
        options.Validate();
        foreach (var path in options.RealNoisyImages.Concat(options.RealCollagenImages))
        {
            if (!File.Exists(path))
            {
                throw new ArgumentException($"Real image {path} does not exist.");
            }
        }

        var methods = DenoisingMethod.Build(options.Methods, catalog, log, cache);
        RealPhase.CheckClassifier(options.RealCollagenImages, catalog, log);
        Directory.CreateDirectory(outputFolder);
        var (hits, misses) = (cache?.Hits ?? 0, cache?.Misses ?? 0);
        var outcomes = new StudyWork(options, methods, catalog, log, outputFolder).Run(shard, cancellation, done);
        if (cache is not null)
        {
            log.Information("Denoise cache {Folder}: {Hits} images reused, {Misses} denoised and stored", cache.Folder, cache.Hits - hits, cache.Misses - misses);
        }

        return outcomes;
    }

    private static ValidationResult Analyse(StudyOutcomes outcomes, ILogger log)
    {
        var options = outcomes.Options;
        var phase1 = new SyntheticPhase(options, outcomes.Methods, outcomes.Samples);
        var clean = phase1.CleanAccuracy();
        log.Information("Phase 1: clean images, accuracy {Accuracy}", clean);
        var synthetic = phase1.Levels();
        foreach (var level in synthetic)
        {
            foreach (var result in level.Methods)
            {
                log.Information("Phase 1: {Level} {Method}: PSNR {Psnr:F2} dB, SSIM {Ssim:F3}, accuracy {Accuracy}{Delta}", level.Level, result.Method, result.Psnr, result.Ssim, result.Accuracy,
                    result.DeltaPoints is { } d ? FormattableString.Invariant($", delta {d.Difference.Mean:+0.0;-0.0} points [{d.Difference.Low:F1}, {d.Difference.High:F1}]") : string.Empty);
            }
        }

        var robustness = options.Robustness ? new RobustnessPhase(options, outcomes.Methods, outcomes.Samples).Run() : [];
        foreach (var r in robustness)
        {
            log.Information("Phase 3: {Level} {Method} {Perturbation}: accuracy {Accuracy:F3} (unchanged {Baseline:F3})", r.Level, r.Method, r.Perturbation, r.Accuracy, r.Baseline);
        }

        return new ValidationResult
        {
            Options = options,
            PluginVersions = outcomes.PluginVersions,
            Synthetic = synthetic,
            CleanAccuracy = clean,
            RealDenoising = [.. outcomes.RealDenoising.SelectMany(r => r.Results)],
            RealClassification = [.. outcomes.RealClassification.Select(r => r.Result)],
            Robustness = robustness,
            Seconds = outcomes.Seconds,
            Machine = outcomes.Machine,
        };
    }

    // What must agree between shards: the settings (command line included), the methods and the plugin versions.
    private static string Settings(StudyOutcomes outcomes) =>
        JsonSerializer.Serialize(new { outcomes.Options, outcomes.Methods, Plugins = outcomes.PluginVersions.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() });
}
