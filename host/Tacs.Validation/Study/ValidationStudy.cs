using System.Diagnostics;
using Serilog;
using Tacs.Host.Plugins;

namespace Tacs.Validation.Study;

/// <summary>Runs the three phases and collects the results (the report is written by <see cref="Report.ReportWriter"/>).</summary>
public static class ValidationStudy
{
    /// <summary>Runs the study.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="catalog">Installed plugins.</param>
    /// <param name="outputFolder">Report folder (example images are written here while running).</param>
    /// <param name="log">Progress.</param>
    /// <param name="cancellation">Stops the study.</param>
    /// <exception cref="ArgumentException">Bad settings, a missing plugin, or a missing image.</exception>
    public static ValidationResult Run(ValidationOptions options, PluginCatalog catalog, string outputFolder, ILogger log, CancellationToken cancellation = default)
    {
        options.Validate();
        foreach (var path in options.RealNoisyImages.Concat(options.RealCollagenImages))
        {
            if (!File.Exists(path))
            {
                throw new ArgumentException($"Real image {path} does not exist.");
            }
        }

        var clock = Stopwatch.StartNew();
        var methods = DenoisingMethod.Build(options.Methods, catalog, log);
        Directory.CreateDirectory(outputFolder);
        var phase1 = new SyntheticPhase(options, methods, log);
        var synthetic = phase1.Run(cancellation);
        var real = new RealPhase(options, methods, catalog, log, outputFolder);
        var realDenoising = real.Denoise(cancellation);
        var realClassification = real.Classify(cancellation);
        var robustness = options.Robustness ? new RobustnessPhase(options, phase1, methods, log).Run(cancellation) : [];
        Report.ExampleImages.Synthetic(Path.Combine(outputFolder, "examples"), phase1.Samples[0], options.Levels, methods);

        return new ValidationResult
        {
            Options = options,
            PluginVersions = catalog.Slots.ToDictionary(s => s.Id, s => s.Current.Manifest.Version),
            Synthetic = synthetic,
            CleanAccuracy = phase1.CleanAccuracy,
            RealDenoising = realDenoising,
            RealClassification = realClassification,
            Robustness = robustness,
            Seconds = clock.Elapsed.TotalSeconds,
            Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}",
        };
    }
}
