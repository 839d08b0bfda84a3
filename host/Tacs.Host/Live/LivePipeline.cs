using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Live;

/// <summary>
/// Runs a live acquisition: frames arrive from a source (or are pushed by the ingest endpoint), every raw
/// frame is queued for the raw TIFF stack first — that queue never drops — and the chain's steps each run
/// on a worker of their own behind small queues that skip the oldest frame when a step falls behind. The
/// newest raw and processed frames are kept for viewers, which never slow acquisition down.
/// </summary>
public sealed class LivePipeline : IAsyncDisposable
{
    private readonly PluginCatalog _catalog;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly List<string> _errors = [];
    private readonly LatencyTracker _latency = new();
    private Run? _run;

    /// <summary>Creates an idle pipeline.</summary>
    /// <param name="catalog">Installed plugins.</param>
    /// <param name="log">Logger.</param>
    public LivePipeline(PluginCatalog catalog, ILogger log)
    {
        _catalog = catalog;
        _log = log;
    }

    /// <summary>The newest raw frame, for display.</summary>
    public ImageFrame? LatestRaw { get; private set; }

    /// <summary>The newest frame out of the chain, for display.</summary>
    public ImageFrame? LatestProcessed { get; private set; }

    /// <summary>The analysers' results of the current (or last) run, one row per frame and analyser.</summary>
    public Results.AnalysisLog? Analyses => _run?.Analyses;

    /// <summary>True while a run is active.</summary>
    public bool IsRunning => _run is { Stopped: false };

    /// <summary>Completes when the current run's source has delivered its last frame.</summary>
    public Task SourceCompletion => _run?.SourceDone.Task ?? Task.CompletedTask;

    /// <summary>Starts a run.</summary>
    /// <param name="options">Raw output, chain and limits.</param>
    /// <param name="source">The source, or null to take frames from <see cref="Push"/> only.</param>
    /// <exception cref="InvalidOperationException">A run is already active.</exception>
    /// <exception cref="ChainException">The chain is invalid.</exception>
    /// <exception cref="ArgumentException">The raw output exists and overwriting was not allowed.</exception>
    public void Start(LiveOptions options, IFrameSource? source)
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                throw new InvalidOperationException("An acquisition is already running; stop it first.");
            }

            var chain = options.Chain is null ? null : ChainBuilder.Build(options.Chain, _catalog, _log);
            options.CheckOutputs(hasChain: chain is not null);
            _errors.Clear();
            LatestRaw = null;
            LatestProcessed = null;
            _run = new Run(this, options, source, chain);
            _run.Begin();
        }
    }

    /// <summary>Delivers a frame from outside (the ingest endpoint).</summary>
    /// <param name="frame">The frame.</param>
    /// <exception cref="InvalidOperationException">No run is active.</exception>
    public void Push(ImageFrame frame)
    {
        var run = _run;
        if (run is null || run.Stopped)
        {
            throw new InvalidOperationException("No acquisition is running: start one before pushing frames.");
        }

        run.Receive(frame);
    }

    /// <summary>Delivers a frame from outside (the ingest endpoint) and reports when it is in the raw stack, so that
    /// the sender can be told the truth about its frame.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>True once the frame is written to the raw stack; false at once when the run saves nothing.</returns>
    /// <exception cref="InvalidOperationException">No run is active.</exception>
    /// <exception cref="IOException">The frame was received but could not be saved; the message says why.</exception>
    public Task<bool> PushAsync(ImageFrame frame)
    {
        var run = _run;
        if (run is null || run.Stopped)
        {
            throw new InvalidOperationException("No acquisition is running: start one before pushing frames.");
        }

        return run.ReceiveAndSave(frame);
    }

    /// <summary>Replaces the chain of the running acquisition; frames already queued finish in the old chain.</summary>
    /// <param name="spec">The new chain, or null for none.</param>
    /// <exception cref="ChainException">The chain is invalid; the running chain is kept.</exception>
    /// <exception cref="InvalidOperationException">No run is active.</exception>
    public void ReplaceChain(ChainSpec? spec)
    {
        var run = _run;
        if (run is null || run.Stopped)
        {
            throw new InvalidOperationException("No acquisition is running.");
        }

        var chain = spec is null ? null : ChainBuilder.Build(spec, _catalog, _log);
        run.ReplaceChain(chain);
        _log.Information("Live: chain is now {Chain}", chain?.ToString() ?? "(none)");
    }

    /// <summary>Stops the source, drains the queues and completes the raw stack.</summary>
    /// <returns>The final status.</returns>
    public async Task<LiveStatus> StopAsync()
    {
        var run = _run;
        if (run is null)
        {
            return Status();
        }

        await run.StopAsync().ConfigureAwait(false);
        return Status();
    }

    /// <summary>A snapshot of counters, latency and errors.</summary>
    public LiveStatus Status()
    {
        var run = _run;
        if (run is null)
        {
            return new LiveStatus();
        }

        var (p50, p99) = _latency.Percentiles();
        string[] errors;
        lock (_gate)
        {
            errors = [.. _errors];
        }

        return run.Snapshot() with { LatencyP50 = p50, LatencyP99 = p99, Errors = errors };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void ReportError(string message)
    {
        lock (_gate)
        {
            _errors.Add($"{DateTimeOffset.Now:HH:mm:ss} {message}");
            if (_errors.Count > 50)
            {
                _errors.RemoveAt(0);
            }
        }
    }

    /// <summary>One acquisition, from start to stop.</summary>
    private sealed class Run
    {
        private readonly LivePipeline _owner;
        private readonly LiveOptions _options;
        private readonly IFrameSource? _source;
        private readonly List<Task> _retiredStages = [];
        private Chain? _chain;
        private ChainStage[] _stages = [];
        private readonly Channel<ImageFrame> _saveQueue;
        private readonly ConcurrentDictionary<ImageFrame, TaskCompletionSource<bool>> _saveWaiters = new(ReferenceEqualityComparer.Instance);
        private readonly CancellationTokenSource _stop = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TiffStackWriter? _writer;
        private readonly ProcessedRecorder _recorder;
        private Task _saver = Task.CompletedTask;
        private Thread? _sourceThread;
        private long _received;
        private long _saved;
        private long _saveStalls;
        private long _processed;
        private long _unprocessed;
        private long _nextIndex;
        private Tacs.Sdk.Frames.AnalysisResult? _lastAnalysis;

        public Run(LivePipeline owner, LiveOptions options, IFrameSource? source, Chain? chain)
        {
            _owner = owner;
            _options = options;
            _source = source;
            _chain = chain;
            _recorder = new ProcessedRecorder(options.ProcessedOutput, options.RawCompression, owner.ReportError, owner._log);
            _saveQueue = Channel.CreateBounded<ImageFrame>(new BoundedChannelOptions(Math.Max(1, options.RawQueueFrames))
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }

        public bool Stopped { get; private set; }

        public Results.AnalysisLog Analyses { get; } = new();

        public TaskCompletionSource SourceDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Begin()
        {
            if (_options.RawOutput is { } raw)
            {
                _writer = new TiffStackWriter(raw, pageCount: null, new TiffWriteOptions { Compression = _options.RawCompression });
                _saver = Task.Run(SaveAll);
            }


            _stages = BuildStages(_chain);

            if (_source is not null)
            {
                _owner._log.Information("Live: {Source} -> {Chain}; raw frames to {Raw}", _source.Description, _chain?.ToString() ?? "(no chain)", _options.RawOutput ?? "(not saved)");
                _sourceThread = new Thread(RunSource) { IsBackground = true, Name = "tacs source" };
                _sourceThread.Start();
            }
        }

        public void Receive(ImageFrame frame)
        {
            if (_source is null)
            {
                frame.Metadata.FrameIndex = Interlocked.Increment(ref _nextIndex) - 1;
            }

            Interlocked.Increment(ref _received);
            _owner.LatestRaw = frame;
            if (_writer is not null && !_saveQueue.Writer.TryWrite(frame))
            {
                // The writer is behind: wait for room rather than drop a raw frame (back-pressure on the source).
                Interlocked.Increment(ref _saveStalls);
                try
                {
                    _saveQueue.Writer.WriteAsync(frame).AsTask().GetAwaiter().GetResult();
                }
                catch (ChannelClosedException)
                {
                    _owner.ReportError($"frame {frame.Metadata.FrameIndex} arrived after saving stopped; it was not saved");
                    SaveFailed(frame, "it arrived after the acquisition stopped saving");
                }
            }

            var item = new LiveFrame(frame, Stopwatch.GetTimestamp());
            var stages = _stages;
            if (stages.Length > 0)
            {
                stages[0].Post(item);
            }
        }

        public Task<bool> ReceiveAndSave(ImageFrame frame)
        {
            if (_writer is null)
            {
                Receive(frame);
                return Task.FromResult(false);
            }

            var saved = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _saveWaiters[frame] = saved;
            Receive(frame);
            return saved.Task;
        }

        private void SaveFailed(ImageFrame frame, string reason)
        {
            if (_saveWaiters.TryRemove(frame, out var waiter))
            {
                waiter.TrySetException(new IOException($"Frame {frame.Metadata.FrameIndex} was received but not saved: {reason}"));
            }
        }

        public void ReplaceChain(Chain? chain)
        {
            var old = _stages;
            _chain = chain;
            _stages = BuildStages(chain);
            foreach (var stage in old)
            {
                stage.Complete();
                _retiredStages.Add(stage.Worker);
            }
        }

        private ChainStage[] BuildStages(Chain? chain)
        {
            if (chain is null)
            {
                return [];
            }

            // Built back to front so each stage knows where its frames go next. Each stage holds a chain of
            // one step, which reads its plugin's slot per frame: a hot swap reaches running stages.
            var stages = new List<ChainStage>();
            Action<LiveFrame> next = Finish;
            foreach (var step in chain.Steps.Reverse())
            {
                var single = ChainBuilder.Build(new ChainSpec([step.Spec]), _owner._catalog, _owner._log);
                var stage = new ChainStage(single, step.Spec.Position, _options.QueueCapacity, _options.StepTimeout, next, _owner.ReportError, _owner._log);
                stages.Insert(0, stage);
                next = stage.Post;
            }

            return [.. stages];
        }

        public async Task StopAsync()
        {
            if (Stopped)
            {
                return;
            }

            Stopped = true;
            await _stop.CancelAsync().ConfigureAwait(false);
            _sourceThread?.Join();
            _saveQueue.Writer.TryComplete();
            foreach (var stage in _stages)
            {
                stage.Complete();
                await stage.Worker.ConfigureAwait(false);
            }

            await Task.WhenAll(_retiredStages).ConfigureAwait(false);

            await _saver.ConfigureAwait(false);
            foreach (var frame in _saveWaiters.Keys)
            {
                SaveFailed(frame, "the acquisition stopped before it was written");
            }

            if (_writer is not null)
            {
                if (_writer.PagesWritten > 0)
                {
                    _writer.Complete(_options.Overwrite);
                }

                _writer.Dispose();
            }

            _recorder.Complete(_options.Overwrite);
            _clock.Stop();
            _owner._log.Information("Live: stopped after {Seconds:F1} s: received {Received}, saved {Saved}, processed {Processed}", _clock.Elapsed.TotalSeconds, _received, _saved, _processed);
        }

        public LiveStatus Snapshot()
        {
            var steps = _stages.Select(s => s.Status()).ToList();
            return new LiveStatus
            {
                Running = !Stopped,
                Source = _source?.Description ?? "ingest endpoint",
                Chain = _chain?.ToString() ?? string.Empty,
                RawOutput = _writer?.FilePath,
                ElapsedSeconds = _clock.Elapsed.TotalSeconds,
                Received = Interlocked.Read(ref _received),
                Saved = Interlocked.Read(ref _saved),
                SaveBacklog = _writer is null ? 0 : Interlocked.Read(ref _received) - Interlocked.Read(ref _saved),
                SaveStalls = Interlocked.Read(ref _saveStalls),
                ProcessedOutput = _recorder.FilePath,
                ProcessedSaved = _recorder.Saved,
                FramesByPluginVersion = _recorder.VersionCounts(),
                Processed = Interlocked.Read(ref _processed),
                PassedUnprocessed = Interlocked.Read(ref _unprocessed),
                Skipped = steps.Sum(s => s.Skipped),
                Steps = steps,
                LastAnalysis = _lastAnalysis,
            };
        }

        private void RunSource()
        {
            try
            {
                _source!.Run(Receive, _stop.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _owner._log.Error(ex, "Live: the source failed");
                _owner.ReportError($"source failed: {ex.Message}");
            }
            finally
            {
                SourceDone.TrySetResult();
            }
        }

        private void Finish(LiveFrame item)
        {
            Interlocked.Increment(ref item.Unprocessed ? ref _unprocessed : ref _processed);
            _owner._latency.Add(Stopwatch.GetElapsedTime(item.ReceivedTimestamp).TotalMilliseconds);
            if (item.Frame.Analyses.Count > 0)
            {
                _lastAnalysis = item.Frame.Analyses[^1];
            }

            _owner.LatestProcessed = item.Frame;
            _recorder.Record(item.Frame);
            if (_options.KeepAnalyses)
            {
                Analyses.Add(_source?.Description ?? "ingest", item.Frame.Metadata.FrameIndex, item.Frame);
            }
        }

        private async Task SaveAll()
        {
            await foreach (var frame in _saveQueue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    _writer!.Write(frame);
                    Interlocked.Increment(ref _saved);
                    if (_saveWaiters.TryRemove(frame, out var waiter))
                    {
                        waiter.TrySetResult(true);
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    _owner._log.Error("Live: saving raw frame {Index} failed: {Message}", frame.Metadata.FrameIndex, ex.Message);
                    _owner.ReportError($"saving raw frame {frame.Metadata.FrameIndex} failed: {ex.Message}");
                    SaveFailed(frame, ex.Message);
                }
            }
        }
    }
}
