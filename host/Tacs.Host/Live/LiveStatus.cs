namespace Tacs.Host.Live;

/// <summary>Counters and latency of one chain step.</summary>
/// <param name="Position">1-based position.</param>
/// <param name="Step">The step as written.</param>
/// <param name="PluginId">Plugin id.</param>
/// <param name="PluginVersion">Version in use now.</param>
/// <param name="Generation">Plugin generation (grows with each hot swap).</param>
/// <param name="Processed">Frames the step processed.</param>
/// <param name="Skipped">Frames dropped in front of the step because it was busy.</param>
/// <param name="Failed">Frames on which the plugin threw (passed on unprocessed).</param>
/// <param name="TimedOut">Frames on which the plugin exceeded the time limit and was cancelled (passed on unprocessed).</param>
/// <param name="LatencyP50">Median time in the step, ms.</param>
/// <param name="LatencyP99">99th percentile time in the step, ms.</param>
/// <param name="LastError">The most recent failure, if any.</param>
public sealed record StepStatus(
    int Position, string Step, string PluginId, string PluginVersion, int Generation,
    long Processed, long Skipped, long Failed, long TimedOut, double LatencyP50, double LatencyP99, string? LastError)
{
    /// <summary>Timed-out calls whose plugin ignored cancellation: left running, the step went on with a fresh worker and instance.</summary>
    public long Abandoned { get; init; }
}

/// <summary>A snapshot of a live run.</summary>
public sealed record LiveStatus
{
    /// <summary>Frames are being acquired or drained.</summary>
    public bool Running { get; init; }

    /// <summary>The source, in words.</summary>
    public string Source { get; init; } = "";

    /// <summary>The chain, or empty.</summary>
    public string Chain { get; init; } = "";

    /// <summary>Where raw frames are saved, or null.</summary>
    public string? RawOutput { get; init; }

    /// <summary>Seconds since the start.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Frames received from the source.</summary>
    public long Received { get; init; }

    /// <summary>Raw frames written to the stack.</summary>
    public long Saved { get; init; }

    /// <summary>Raw frames waiting to be written.</summary>
    public long SaveBacklog { get; init; }

    /// <summary>Frames that found the raw queue full and made the source wait: storage is slower than the source.</summary>
    public long SaveStalls { get; init; }

    /// <summary>Frames that came out of the whole chain processed.</summary>
    public long Processed { get; init; }

    /// <summary>Frames that came out of the chain but passed a failed or timed-out step unprocessed.</summary>
    public long PassedUnprocessed { get; init; }

    /// <summary>Frames skipped for processing and display because a step was busy (never skipped for saving).</summary>
    public long Skipped { get; init; }

    /// <summary>Median time from arrival to leaving the chain, ms.</summary>
    public double LatencyP50 { get; init; }

    /// <summary>99th percentile time from arrival to leaving the chain, ms.</summary>
    public double LatencyP99 { get; init; }

    /// <summary>Where frames leaving the chain are saved, or null.</summary>
    public string? ProcessedOutput { get; init; }

    /// <summary>Frames written to the processed stack.</summary>
    public long ProcessedSaved { get; init; }

    /// <summary>Frames each plugin version processed, keyed <c>id version</c> (a hot swap shows as two versions).</summary>
    public IReadOnlyDictionary<string, long> FramesByPluginVersion { get; init; } = new Dictionary<string, long>();

    /// <summary>Per-step counters.</summary>
    public IReadOnlyList<StepStatus> Steps { get; init; } = [];

    /// <summary>Recent errors, newest last.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Label and probabilities of the most recent analysed frame, if a classifier runs.</summary>
    public Tacs.Sdk.Frames.AnalysisResult? LastAnalysis { get; init; }
}
