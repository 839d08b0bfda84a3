using System.Diagnostics;
using Serilog;

namespace Tacs.Validation.Study;

/// <summary>Counts finished work units and logs how far the work is and how long the rest should take.</summary>
internal sealed class Progress(int total, ILogger log)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done;
    private TimeSpan? _lastLog;

    public void Done(string what)
    {
        lock (_gate)
        {
            _done++;
            var elapsed = _clock.Elapsed;
            // At most one line every 5 s, and always the last, so long runs log steadily without flooding.
            if (_done < total && _lastLog is { } last && elapsed - last < TimeSpan.FromSeconds(5))
            {
                return;
            }

            _lastLog = elapsed;
            var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / _done * (total - _done));
            log.Information("[{Done}/{Total}] {What}: {Elapsed} elapsed, about {Remaining} left", _done, total, what, Format(elapsed), Format(remaining));
        }
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:D2}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:D2}s" : $"{span.Seconds}s";
}
