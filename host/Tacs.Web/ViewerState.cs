using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Host.Plugins;

namespace Tacs.Web;

/// <summary>What the viewer serves: the plugins, the live pipeline, the chain chosen on the page, the secret.</summary>
internal sealed class ViewerState(PluginCatalog catalog, LivePipeline pipeline, ViewerOptions options, string secret)
{
    /// <summary>Frames read at the same time by the ingest endpoint. Each may hold up to a whole frame (256 MiB at the
    /// largest) plus its pixels, so this bounds ingest's memory; more senders wait for a place.</summary>
    public const int IngestConcurrency = 2;

    private readonly Lock _gate = new();
    private Task<LiveStatus>? _stopping;

    public PluginCatalog Catalog { get; } = catalog;

    public LivePipeline Pipeline { get; } = pipeline;

    public ViewerOptions Options { get; } = options;

    /// <summary>The per-run secret that the page and ingest clients must present.</summary>
    public string Secret { get; } = secret;

    /// <summary>Places for frames being read by the ingest endpoint.</summary>
    public SemaphoreSlim IngestSlots { get; } = new(IngestConcurrency, IngestConcurrency);

    /// <summary>One start at a time, so that two clicks cannot both pass the "not running" check.</summary>
    public SemaphoreSlim StartGate { get; } = new(1, 1);

    /// <summary>The chain for the next start, and the running one.</summary>
    public ChainSpec? Chain { get; set; }

    /// <summary>The running acquisition's ingest bookkeeping; null when its source is not the ingest endpoint.</summary>
    public IngestSession? Ingest { get; private set; }

    /// <summary>True while a stopped run is still draining its queues and completing its raw stack.</summary>
    public bool Finishing
    {
        get
        {
            lock (_gate)
            {
                return _stopping is { IsCompleted: false };
            }
        }
    }

    /// <summary>Waits for a stop still under way (an earlier run finalising its file), so that runs never overlap.</summary>
    public async Task BeforeStartAsync()
    {
        Task? previous;
        lock (_gate)
        {
            previous = _stopping;
        }

        if (previous is not null)
        {
            // Its failure, if any, was answered to whoever stopped it; it must not block every later start.
            await previous.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Records that a run has started.</summary>
    /// <param name="ingest">Its ingest bookkeeping, or null when it has a source of its own.</param>
    public void Started(IngestSession? ingest)
    {
        lock (_gate)
        {
            _stopping = null;
            Ingest = ingest;
        }
    }

    /// <summary>Stops the current run once, however many ask (the Stop button, the end of the source, the last
    /// ingest frame), and lets every caller wait for its file to be complete.</summary>
    public Task<LiveStatus> StopAsync()
    {
        lock (_gate)
        {
            return _stopping ??= Pipeline.StopAsync();
        }
    }
}
