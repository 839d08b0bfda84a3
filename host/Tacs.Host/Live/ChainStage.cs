using System.Diagnostics;
using System.Threading.Channels;
using Serilog;
using Tacs.Host.Chains;

namespace Tacs.Host.Live;

/// <summary>
/// One chain step on a worker of its own, fed by a small queue. When the queue is full the oldest waiting
/// frame is skipped (processing keeps up with the newest frames). A plugin that throws or runs past the
/// time limit does not stop the run: the frame goes on unprocessed and marked.
/// </summary>
internal sealed class ChainStage
{
    private readonly Chain _step;
    private readonly TimeSpan _timeout;
    private readonly Action<LiveFrame> _forward;
    private readonly Action<string> _reportError;
    private readonly ILogger _log;
    private readonly Channel<LiveFrame> _queue;
    private readonly LatencyTracker _latency = new();
    private Task? _stuck;
    private long _processed;
    private long _skipped;
    private long _failed;
    private long _timedOut;
    private string? _lastError;

    private readonly int _position;

    public ChainStage(Chain step, int position, int capacity, TimeSpan timeout, Action<LiveFrame> forward, Action<string> reportError, ILogger log)
    {
        _step = step;
        _position = position;
        _timeout = timeout;
        _forward = forward;
        _reportError = reportError;
        _log = log;
        _queue = Channel.CreateBounded<LiveFrame>(
            new BoundedChannelOptions(Math.Max(1, capacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _skipped));
        Worker = Task.Run(RunAsync);
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
            Interlocked.Read(ref _processed), Interlocked.Read(ref _skipped), Interlocked.Read(ref _failed), Interlocked.Read(ref _timedOut), p50, p99, _lastError);
    }

    private async Task RunAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_stuck is { IsCompleted: false })
            {
                // The plugin is still busy with a frame it timed out on: do not pile up calls.
                Interlocked.Increment(ref _skipped);
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var work = Task.Run(() => _step.Process(item.Frame));
            // WaitAsync drops its timer as soon as the work ends, so fast frames leave no pending timers behind. The chain
            // wraps whatever a plugin throws in StepFailedException, so a TimeoutException can only be the time limit.
            try
            {
                var output = await work.WaitAsync(_timeout).ConfigureAwait(false);
                _latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref _processed);
                _forward(item with { Frame = output });
            }
            catch (TimeoutException)
            {
                _stuck = work;
                _ = work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                Interlocked.Increment(ref _timedOut);
                PassUnprocessed(item, $"timed out after {_timeout.TotalMilliseconds:F0} ms");
            }
            catch (StepFailedException ex)
            {
                Interlocked.Increment(ref _failed);
                PassUnprocessed(item, ex.Message);
            }
        }
    }

    private void PassUnprocessed(LiveFrame item, string reason)
    {
        var message = $"frame {item.Frame.Metadata.FrameIndex}, step {_position} '{Step.Spec.Plugin}': {reason}";
        _lastError = message;
        var count = Interlocked.Read(ref _failed) + Interlocked.Read(ref _timedOut);
        if (count <= 3 || count % 100 == 0)
        {
            _log.Error("Live: {Message} ({Count} so far); the frame goes on unprocessed", message, count);
            _reportError(message);
        }

        var marked = item.Frame.WithPixels(item.Frame.Pixels);
        marked.Metadata.Values[$"tacs.step{_position}"] = reason;
        _forward(item with { Frame = marked, Unprocessed = true });
    }
}
