using System.Diagnostics;
using System.Threading.Channels;
using Serilog;
using Tacs.Host.Chains;

namespace Tacs.Host.Live;

/// <summary>
/// One chain step on a thread of its own, fed by a small queue. When the queue is full the oldest waiting
/// frame is skipped (processing keeps up with the newest frames). A plugin that throws or runs past the
/// time limit costs that frame only: the frame goes on unprocessed and marked, and the next frame is
/// processed again — by a fresh worker and plugin instance when the plugin ignored its cancellation.
/// </summary>
internal sealed class ChainStage
{
    private readonly Chain _step;
    private readonly Action<LiveFrame> _forward;
    private readonly Action<string> _reportError;
    private readonly ILogger _log;
    private readonly Channel<LiveFrame> _queue;
    private readonly LatencyTracker _latency = new();
    private readonly int _position;
    private long _processed;
    private long _skipped;
    private long _failed;
    private string? _lastError;

    public ChainStage(Chain step, int position, int capacity, TimeSpan? timeout, Action<LiveFrame> forward, Action<string> reportError, ILogger log)
    {
        _step = step.WithStepTimeout(timeout);
        _position = position;
        _forward = forward;
        _reportError = reportError;
        _log = log;
        _queue = Channel.CreateBounded<LiveFrame>(
            new BoundedChannelOptions(Math.Max(1, capacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _skipped));
        Worker = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task Worker { get; }

    public ChainStep Step => _step.Steps[0];

    public void Post(LiveFrame frame)
    {
        if (!_queue.Writer.TryWrite(frame))
        {
            Interlocked.Increment(ref _skipped);
        }
    }

    public void Complete() => _queue.Writer.TryComplete();

    public StepStatus Status()
    {
        var (p50, p99) = _latency.Percentiles();
        var current = Step.Slot.Current;
        return new StepStatus(_position, Step.Spec.ToString(), current.Manifest.Id, current.Manifest.Version, current.Generation,
            Interlocked.Read(ref _processed), Interlocked.Read(ref _skipped), Interlocked.Read(ref _failed), Step.TimedOut, p50, p99, _lastError)
        {
            Abandoned = Step.Abandoned,
        };
    }

    private void Run()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                Process(item);
            }
        }
    }

    private void Process(LiveFrame item)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var output = _step.Process(item.Frame);
            _latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref _processed);
            _forward(item with { Frame = output });
        }
        catch (StepFailedException ex)
        {
            if (!ex.TimedOut)
            {
                Interlocked.Increment(ref _failed);
            }

            PassUnprocessed(item, ex);
        }
    }

    private void PassUnprocessed(LiveFrame item, StepFailedException failure)
    {
        var reason = failure.Reason;
        var message = $"frame {item.Frame.Metadata.FrameIndex}, step {_position} '{Step.Spec.Plugin}': {reason}";
        _lastError = message;
        var count = Interlocked.Read(ref _failed) + Step.TimedOut;
        if (count <= 3 || count % 100 == 0)
        {
            _log.Error("Live: {Message} ({Count} so far); the frame goes on unprocessed", message, count);
            _reportError(message);
        }

        var marked = item.Frame.WithPixels(item.Frame.Pixels);
        marked.Metadata.Values[$"tacs.step{_position}"] = reason;
        marked.AddProvenance(failure.ToProvenance("frame unchanged by this step"));
        _forward(item with { Frame = marked, Unprocessed = true });
    }
}
