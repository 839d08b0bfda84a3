using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Validation.Report;

namespace Tacs.Validation.Study;

/// <summary>
/// Phase 2, one real image at a time (each a work unit): noisy fluorescence images through each denoiser (runtime,
/// noise left, structure in the removed part); collagen images through the classifier (label, probabilities,
/// features, a coherency map).
/// </summary>
internal sealed class RealPhase(IReadOnlyList<DenoisingMethod> methods, PluginCatalog catalog, ILogger log, string outputFolder)
{
    private Chain? _classifier;

    public IReadOnlyList<RealDenoiseResult> Denoise(string path, CancellationToken cancellation)
    {
        var results = new List<RealDenoiseResult>();
        using var image = ImageFiles.Open(path);
        var frame = image.ReadPage(0);
        var before = NoiseEstimate.Sigma(frame.Pixels, frame.Width, frame.Height);
        foreach (var method in methods.Where(m => m.Chain is not null))
        {
            cancellation.ThrowIfCancellationRequested();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var output = method.Chain!.Process(frame, cancellation);
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var after = NoiseEstimate.Sigma(output.Pixels, output.Width, output.Height);
            var structure = NoiseEstimate.MethodNoiseStructure(frame.Pixels, output.Pixels, frame.Width, frame.Height);
            var example = ExampleImages.SideBySide(Path.Combine(outputFolder, "examples"), $"real-{Path.GetFileNameWithoutExtension(path)}-{Safe(method.Name)}.png", frame, output);
            results.Add(new RealDenoiseResult(Path.GetFileName(path), method.Name, ms, before, after, structure, Path.GetRelativePath(outputFolder, example)));
            log.Information("Phase 2: {Image} {Method}: {Ms:F0} ms, noise σ {Before:F1} -> {After:F1}, method-noise structure {Structure:F3}", Path.GetFileName(path), method.Name, ms, before, after, structure);
        }

        return results;
    }

    /// <summary>
    /// Builds the classifier and runs it once on a blank frame without a boundary, so that a missing plugin or a model
    /// this build refuses (another feature version, a damaged file) stops the study before its long synthetic phase
    /// rather than after it. Does nothing when no real collagen images are given.
    /// </summary>
    /// <exception cref="ArgumentException">The classifier cannot run; the message says why.</exception>
    public static void CheckClassifier(IReadOnlyList<string> collagenImages, PluginCatalog catalog, ILogger log)
    {
        if (collagenImages.Count == 0)
        {
            return;
        }

        try
        {
            var chain = ChainBuilder.Build("classifier", catalog, log);
            _ = chain.Process(new Tacs.Sdk.Frames.ImageFrame(64, 64));
        }
        catch (Exception ex) when (ex is ChainException or StepFailedException)
        {
            throw new ArgumentException($"Phase 2 cannot classify the real collagen images (checked before the study starts, so nothing was run): {ex.Message}", ex);
        }
    }

    public RealClassificationResult Classify(string path, CancellationToken cancellation)
    {
        try
        {
            _classifier ??= ChainBuilder.Build("classifier", catalog, log);
        }
        catch (ChainException ex)
        {
            throw new ArgumentException($"Phase 2 needs the TACS classifier plugin for the real collagen images: {ex.Message}", ex);
        }

        using var image = ImageFiles.Open(path);
        var frame = image.ReadPage(0);
        var classified = _classifier.Process(frame, cancellation);
        var analysis = classified.Analyses.Single();

        // The classifier's answer is "uncertain" when its probabilities are split or the image is unlike its training
        // images; the study shows that answer, with the most probable class beside it, as 'classify predict' does.
        var answer = classified.Provenance.LastOrDefault()?.Notes.GetValueOrDefault("answer");
        var label = answer is null || answer == analysis.Label ? analysis.Label ?? "?" : $"{answer} (most probable {analysis.Label})";
        var map = FeatureMaps.Coherency(Path.Combine(outputFolder, "examples"), $"coherency-{Path.GetFileNameWithoutExtension(path)}.png", frame);
        log.Information("Phase 2: {Image}: {Label} ({Probabilities})", Path.GetFileName(path), label, string.Join(", ", analysis.Probabilities.Select(p => FormattableString.Invariant($"{p.Key} {p.Value:F2}"))));
        return new RealClassificationResult(Path.GetFileName(path), label, analysis.Probabilities, analysis.Features, analysis.Notes, Path.GetRelativePath(outputFolder, map));
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
