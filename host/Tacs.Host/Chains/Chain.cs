using System.Diagnostics;
using System.Globalization;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>
/// A validated sequence of plugin steps. <see cref="Process"/> may be called from several threads, one
/// frame per call. Each call reads every step's current plugin version once, at its start, so a hot swap
/// takes effect between two frames and never inside one.
/// </summary>
public sealed class Chain
{
    private static readonly TimeSpan MaxStopGrace = TimeSpan.FromSeconds(1);

    internal Chain(IReadOnlyList<ChainStep> steps, TimeSpan? stepTimeout = null)
    {
        Steps = steps;
        StepTimeout = stepTimeout;
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<ChainStep> Steps { get; }

    /// <summary>
    /// How long one step may take on one frame, or null for no limit. Past it the plugin's cancellation token
    /// is cancelled; a plugin that does not stop within a grace period (the limit again, at most one second) is
    /// abandoned: its call is left running on its own thread and the next frame gets a fresh thread and a fresh
    /// plugin object. Either way the frame fails with <see cref="StepFailedException.TimedOut"/> set.
    /// </summary>
    public TimeSpan? StepTimeout { get; }

    /// <summary>The same steps (and their counters) with another time limit per step.</summary>
    /// <param name="timeout">The limit, or null for none.</param>
    public Chain WithStepTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "A step time limit must be positive.");
        }

        return new Chain(Steps, timeout);
    }

    /// <summary>The chain in text syntax.</summary>
    public override string ToString() => string.Join(" | ", Steps.Select(s => s.Spec));

    /// <summary>Runs every step on <paramref name="input"/>. The input frame is not changed.</summary>
    /// <param name="input">The frame to process.</param>
    /// <param name="cancellation">Stops the work between and, where plugins check it, inside steps.</param>
    /// <returns>A new frame with the processed pixels, the provenance of every step and the analysers' results.</returns>
    /// <exception cref="StepFailedException">A plugin threw or ran past the time limit; the message names the step and plugin.</exception>
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
            if (Steps[i].Spec.AppliesTo(current.Metadata.Position?.Channel ?? 0))
            {
                current = RunStep(Steps[i], versions[i], current, cancellation);
            }
        }

        return current;
    }

    internal ImageFrame RunStep(ChainStep step, PluginInstance instance, ImageFrame frame, CancellationToken cancellation)
    {
        var (values, logger) = step.PrepareFor(instance);
        var plugin = step.PluginFor(instance);
        var manifest = instance.Manifest;
        var started = Stopwatch.GetTimestamp();
        ImageFrame result;
        PluginContext context;
        try
        {
            (result, context) = StepTimeout is { } timeout
                ? CallWithTimeout(step, instance, plugin, frame, values, logger, timeout, cancellation)
                : Call(plugin, frame, values, new PluginContext(logger, cancellation));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (StepFailedException ex)
        {
            throw new StepFailedException(step.Spec.Position, manifest, ex.Reason, ex.TimedOut, ex.Abandoned, ex.InnerException) { Parameters = values.AsText };
        }
        catch (Exception ex)
        {
            throw new StepFailedException(step.Spec.Position, manifest, ex) { Parameters = values.AsText };
        }

        var notes = new Dictionary<string, string>(context.Notes, StringComparer.Ordinal)
        {
            ["ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
        };
        result.AddProvenance(new ProvenanceEntry(manifest.Id, manifest.Version, values.AsText, notes, DateTimeOffset.UtcNow));
        return result;
    }

    private static (ImageFrame, PluginContext) Call(IPlugin plugin, ImageFrame frame, ParameterValues values, PluginContext context)
    {
        switch (plugin)
        {
            case IDenoiser denoiser:
                var result = frame.WithPixels();
                denoiser.Denoise(frame, result, values, context);
                return (result, context);
            case IAnalyser analyser:
                var analysis = analyser.Analyse(frame, values, context)
                    ?? throw new InvalidOperationException("The analyser returned no result.");
                frame.AddAnalysis(analysis);
                return (frame, context);
            default:
                throw new InvalidOperationException($"Plugin kind {PluginInstance.KindOf(plugin)} cannot run in a chain.");
        }
    }

    // The call runs on a step worker while this thread waits with the limit. Past it the plugin's token is
    // cancelled; a plugin that stops is done with, one that does not is abandoned to its thread.
    private static (ImageFrame, PluginContext) CallWithTimeout(
        ChainStep step, PluginInstance instance, IPlugin plugin, ImageFrame frame, ParameterValues values, Sdk.Logging.IPluginLogger logger, TimeSpan timeout, CancellationToken cancellation)
    {
        // Not disposed when the call is abandoned: the plugin may still read the token.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var context = new PluginContext(logger, stop.Token);
        (ImageFrame, PluginContext) outcome = default;
        var (call, worker) = step.Workers.Run(() => outcome = Call(plugin, frame, values, context));
        if (Wait(call, timeout, cancellation))
        {
            step.Workers.Return(worker);
            stop.Dispose();
            call.GetAwaiter().GetResult();
            return outcome;
        }

        stop.Cancel();
        var grace = timeout < MaxStopGrace ? timeout : MaxStopGrace;
        var stopped = Wait(call, grace, CancellationToken.None);
        if (stopped)
        {
            step.Workers.Return(worker);
            stop.Dispose();
        }
        else
        {
            step.Abandon(instance);
        }

        cancellation.ThrowIfCancellationRequested();
        step.CountTimeout();
        var ms = timeout.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
        var reason = stopped
            ? $"timed out after {ms} ms (cancelled; the plugin stopped)"
            : $"timed out after {ms} ms (the plugin ignored cancellation: call abandoned, the next frame gets a fresh worker and plugin instance)";
        throw new StepFailedException(0, instance.Manifest, reason, timedOut: true, abandoned: !stopped);
    }

    // True when the call ended (well or not) within the time; false on timeout or when the user cancels.
    private static bool Wait(Task call, TimeSpan time, CancellationToken cancellation)
    {
        try
        {
            return call.Wait(time, cancellation) || call.IsCompleted;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (AggregateException)
        {
            return true;
        }
    }
}
