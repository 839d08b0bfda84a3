namespace Tacs.Host.Batch;

/// <summary>What a batch did.</summary>
/// <param name="FilesDone">Files written.</param>
/// <param name="FilesFailed">Files that failed (each logged with its reason).</param>
/// <param name="Pages">Pages processed.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Failures">File and reason of each failure.</param>
public sealed record BatchSummary(int FilesDone, int FilesFailed, long Pages, TimeSpan Elapsed, IReadOnlyList<(string File, string Reason)> Failures)
{
    /// <summary>Pages on which a step failed or timed out; written as <see cref="BatchOptions.OnFrameError"/> says.</summary>
    public IReadOnlyList<PageFailure> PageFailures { get; init; } = [];

    /// <summary>Timed-out calls whose plugin ignored cancellation and was left running.</summary>
    public long AbandonedCalls { get; init; }
}

/// <summary>One page on which a step failed.</summary>
/// <param name="File">The input file.</param>
/// <param name="Page">0-based page index.</param>
/// <param name="Reason">The step and what went wrong.</param>
/// <param name="TimedOut">The step ran past its time limit.</param>
public sealed record PageFailure(string File, int Page, string Reason, bool TimedOut);
