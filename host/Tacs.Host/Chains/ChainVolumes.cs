using System.Diagnostics;
using System.Globalization;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>
/// Runs a chain on the z-slices of one channel and time point together: a step whose plugin is an
/// <see cref="IVolumeDenoiser"/> asking for volumes (<see cref="IVolumeDenoiser.WantsVolume"/>) gets them all in
/// one call; every other step runs slice by slice as in <see cref="Chain.Process"/>. Volume calls run without the
/// step time limit (the limit is per frame).
/// </summary>
public static class ChainVolumes
{
    /// <summary>True when some step of <paramref name="chain"/> wants whole z-stacks with its parameters.</summary>
    /// <param name="chain">The chain.</param>
    public static bool WantsVolumes(this Chain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.Steps.Any(step => step.Slot.Current is var instance
            && step.PluginFor(instance) is IVolumeDenoiser volume
            && volume.WantsVolume(step.PrepareFor(instance).Values));
    }

    /// <summary>Runs every step on <paramref name="slices"/> (one channel and time point, z order).</summary>
    /// <param name="chain">The chain.</param>
    /// <param name="slices">The slices; not changed.</param>
    /// <param name="cancellation">Stops the work between steps and, where plugins check it, inside them.</param>
    /// <returns>New frames, one per slice, with each step's provenance.</returns>
    /// <exception cref="StepFailedException">A step failed on a slice or on the volume; the whole volume fails.</exception>
    public static IReadOnlyList<ImageFrame> ProcessVolume(this Chain chain, IReadOnlyList<ImageFrame> slices, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(slices);
        var versions = chain.Steps.Select(s => s.Slot.Current).ToArray();
        var current = slices.Select(f => f.WithPixels(f.Pixels)).ToList();
        var channel = current.Count > 0 ? current[0].Metadata.Position?.Channel ?? 0 : 0;
        for (var i = 0; i < chain.Steps.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var step = chain.Steps[i];
            if (!step.Spec.AppliesTo(channel))
            {
                continue;
            }

            var values = step.PrepareFor(versions[i]).Values;
            if (current.Count > 1 && step.PluginFor(versions[i]) is IVolumeDenoiser volume && volume.WantsVolume(values))
            {
                current = RunVolumeStep(step, versions[i], volume, current, cancellation);
            }
            else
            {
                // Slice by slice: the frame path, with its time limit and failure handling.
                var version = versions[i];
                current = [.. current.Select(frame => chain.RunStep(step, version, frame, cancellation))];
            }
        }

        return current;
    }

    private static List<ImageFrame> RunVolumeStep(ChainStep step, PluginInstance instance, IVolumeDenoiser volume, List<ImageFrame> frames, CancellationToken cancellation)
    {
        var (values, logger) = step.PrepareFor(instance);
        var context = new PluginContext(logger, cancellation);
        var outputs = frames.Select(f => f.WithPixels()).ToList();
        var started = Stopwatch.GetTimestamp();
        try
        {
            volume.DenoiseVolume(frames, outputs, values, context);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new StepFailedException(step.Spec.Position, instance.Manifest, ex) { Parameters = values.AsText };
        }

        var notes = new Dictionary<string, string>(context.Notes, StringComparer.Ordinal)
        {
            ["ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
        };
        var entry = new ProvenanceEntry(instance.Manifest.Id, instance.Manifest.Version, values.AsText, notes, DateTimeOffset.UtcNow);
        outputs.ForEach(o => o.AddProvenance(entry));
        return outputs;
    }
}
