using System.Diagnostics;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>
/// A validated sequence of plugin steps. <see cref="Process"/> may be called from several threads, one
/// frame per call. Each call reads every step's current plugin version once, at its start, so a hot swap
/// takes effect between two frames and never inside one.
/// </summary>
public sealed class Chain
{
    internal Chain(IReadOnlyList<ChainStep> steps) => Steps = steps;

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<ChainStep> Steps { get; }

    /// <summary>The chain in text syntax.</summary>
    public override string ToString() => string.Join(" | ", Steps.Select(s => s.Spec));

    /// <summary>Runs every step on <paramref name="input"/>. The input frame is not changed.</summary>
    /// <param name="input">The frame to process.</param>
    /// <param name="cancellation">Stops the work between and, where plugins check it, inside steps.</param>
    /// <returns>A new frame with the processed pixels, the provenance of every step and the analysers' results.</returns>
    /// <exception cref="StepFailedException">A plugin threw; the message names the step and plugin.</exception>
    public ImageFrame Process(ImageFrame input, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var versions = new PluginInstance[Steps.Count];
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i] = Steps[i].Slot.Current;
        }

        // Shares the input's pixels but not its lists, so analysers attach results to our copy only.
        var current = input.WithPixels(input.Pixels);
        for (var i = 0; i < Steps.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            current = RunStep(Steps[i], versions[i], current, cancellation);
        }

        return current;
    }

    private ImageFrame RunStep(ChainStep step, PluginInstance instance, ImageFrame frame, CancellationToken cancellation)
    {
        var (values, logger) = step.PrepareFor(instance);
        var manifest = instance.Manifest;
        var context = new PluginContext(logger, cancellation);
        var started = Stopwatch.GetTimestamp();
        ImageFrame result;
        try
        {
            switch (instance.Plugin)
            {
                case IDenoiser denoiser:
                    result = frame.WithPixels();
                    denoiser.Denoise(frame, result, values, context);
                    break;
                case IAnalyser analyser:
                    var analysis = analyser.Analyse(frame, values, context)
                        ?? throw new InvalidOperationException("The analyser returned no result.");
                    frame.AddAnalysis(analysis);
                    result = frame;
                    break;
                default:
                    throw new InvalidOperationException($"Plugin kind {instance.Kind} cannot run in a chain.");
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new StepFailedException(step.Spec.Position, manifest, ex);
        }

        var notes = new Dictionary<string, string>(context.Notes, StringComparer.Ordinal)
        {
            ["ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
        };
        result.AddProvenance(new ProvenanceEntry(manifest.Id, manifest.Version, values.AsText, notes, DateTimeOffset.UtcNow));
        return result;
    }
}
