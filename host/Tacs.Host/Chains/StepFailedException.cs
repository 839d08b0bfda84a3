using System.Globalization;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Plugins;

namespace Tacs.Host.Chains;

/// <summary>A plugin threw while processing a frame, or ran past the step time limit.</summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception for a plugin that threw.</summary>
    /// <param name="position">1-based step position.</param>
    /// <param name="manifest">The plugin that failed.</param>
    /// <param name="inner">What it threw.</param>
    public StepFailedException(int position, PluginManifest manifest, Exception inner)
        : this(position, manifest, $"{inner.GetType().Name}: {inner.Message}", timedOut: false, abandoned: false, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="position">1-based step position.</param>
    /// <param name="manifest">The plugin that failed.</param>
    /// <param name="reason">What went wrong, without the step's name.</param>
    /// <param name="timedOut">The step ran past its time limit.</param>
    /// <param name="abandoned">The plugin did not stop when cancelled and its call was left running.</param>
    /// <param name="inner">What the plugin threw, if anything.</param>
    public StepFailedException(int position, PluginManifest manifest, string reason, bool timedOut, bool abandoned, Exception? inner = null)
        : base($"Step {position} ({manifest.Id} {manifest.Version}) {(timedOut ? string.Empty : "failed: ")}{reason}", inner)
    {
        Position = position;
        PluginId = manifest.Id;
        PluginVersion = manifest.Version;
        Reason = reason;
        TimedOut = timedOut;
        Abandoned = abandoned;
    }

    /// <summary>1-based step position.</summary>
    public int Position { get; }

    /// <summary>The plugin that failed.</summary>
    public string PluginId { get; }

    /// <summary>The version of the plugin that failed.</summary>
    public string PluginVersion { get; }

    /// <summary>What went wrong, without the step's name (for provenance and frame marks).</summary>
    public string Reason { get; }

    /// <summary>The step ran past its time limit.</summary>
    public bool TimedOut { get; }

    /// <summary>The plugin ignored cancellation; its call was left running and the step went on without it.</summary>
    public bool Abandoned { get; }

    /// <summary>The step's parameters as the plugin would have received them.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The failure as a provenance entry for the frame that went on without this step's work: the plugin,
    /// its parameters, and notes <c>failed</c> (why), <c>step</c> and <c>written</c> (what the frame holds instead).</summary>
    /// <param name="written">What the frame holds instead, such as "input page unchanged".</param>
    public ProvenanceEntry ToProvenance(string written) => new(
        PluginId,
        PluginVersion,
        Parameters,
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["failed"] = Reason,
            ["step"] = Position.ToString(CultureInfo.InvariantCulture),
            ["written"] = written,
        },
        DateTimeOffset.UtcNow);
}
