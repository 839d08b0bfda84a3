namespace Tacs.Host.Batch;

/// <summary>What a batch did.</summary>
/// <param name="FilesDone">Files written.</param>
/// <param name="FilesFailed">Files that failed (each logged with its reason).</param>
/// <param name="Pages">Pages processed.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Failures">File and reason of each failure.</param>
public sealed record BatchSummary(int FilesDone, int FilesFailed, long Pages, TimeSpan Elapsed, IReadOnlyList<(string File, string Reason)> Failures);
