using System.Diagnostics;

namespace Tacs.Host.Live;

/// <summary>Waits until frame i is due at a fixed rate, like a camera's clock: sleeps for most of the wait and
/// spins for the last millisecond (sleeps alone overshoot by about 1 ms on Linux). A late frame is not waited for.</summary>
internal sealed class Pacer(double framesPerSecond)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void WaitFor(long frame, CancellationToken cancellation)
    {
        if (framesPerSecond <= 0)
        {
            return;
        }

        var due = TimeSpan.FromSeconds(frame / framesPerSecond);
        while (!cancellation.IsCancellationRequested)
        {
            var remaining = due - _clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > TimeSpan.FromMilliseconds(2))
            {
                Thread.Sleep(remaining - TimeSpan.FromMilliseconds(1));
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
    }
}
