using System.Collections.Concurrent;

namespace Tacs.Host.Chains;

/// <summary>
/// Threads that run one step's plugin calls when the step has a time limit. A call runs on a worker while
/// the caller waits with the limit; a worker whose call never returns is abandoned (left to finish or hang
/// on its own) and the next call gets a fresh one. Idle workers end after a while, so chains need no disposal.
/// </summary>
internal sealed class StepWorkers(string name)
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);
    private readonly ConcurrentBag<Worker> _idle = [];
    private long _started;

    /// <summary>Worker threads started so far (a new one after each abandoned call).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Runs <paramref name="call"/> on an idle or new worker.</summary>
    /// <returns>The call, and the worker to hand back with <see cref="Return"/> once the call has ended.</returns>
    public (Task Call, Worker Worker) Run(Action call)
    {
        while (_idle.TryTake(out var worker))
        {
            if (worker.TryRun(call) is { } task)
            {
                return (task, worker);
            }
        }

        Interlocked.Increment(ref _started);
        var fresh = new Worker($"tacs step {name}");
        return (fresh.TryRun(call)!, fresh);
    }

    /// <summary>Hands back a worker whose call has ended.</summary>
    public void Return(Worker worker) => _idle.Add(worker);

    /// <summary>One thread taking one call at a time.</summary>
    internal sealed class Worker
    {
        private readonly BlockingCollection<Action> _jobs = new(boundedCapacity: 1);
        private readonly Lock _gate = new();
        private bool _exited;

        public Worker(string name) => new Thread(Loop) { IsBackground = true, Name = name }.Start();

        /// <summary>Queues the call, or returns null when the thread already ended for being idle.</summary>
        public Task? TryRun(Action call)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_exited)
                {
                    return null;
                }

                _jobs.Add(() =>
                {
                    try
                    {
                        call();
                        done.SetResult();
                    }
                    catch (Exception ex)
                    {
                        done.SetException(ex);
                    }
                });
            }

            return done.Task;
        }

        private void Loop()
        {
            while (true)
            {
                if (_jobs.TryTake(out var job, IdleExit))
                {
                    job();
                    continue;
                }

                lock (_gate)
                {
                    if (_jobs.Count == 0)
                    {
                        _exited = true;
                        return;
                    }
                }
            }
        }
    }
}
