using System.Globalization;

namespace Tacs.Fuzz;

/// <summary>
/// CPU time of the calling thread, from Linux's <c>/proc/thread-self/schedstat</c> (nanoseconds on a CPU). The
/// fuzzer states its time bound in CPU time, not wall-clock time: on a shared machine a file's wall-clock time
/// mostly measures how long the thread waited for a core, which says nothing about the file.
/// </summary>
internal static class ThreadCpuTime
{
    private const string Source = "/proc/thread-self/schedstat";

    /// <summary>Gets a value indicating whether the thread's CPU time can be read here (Linux).</summary>
    public static bool Available { get; } = Now() is not null;

    /// <summary>The calling thread's CPU time so far, or null where the kernel does not say.</summary>
    public static TimeSpan? Now()
    {
        try
        {
            var text = File.ReadAllText(Source);
            var first = text.AsSpan(0, Math.Max(0, text.IndexOf(' ', StringComparison.Ordinal)));
            return long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? TimeSpan.FromTicks(ns / 100) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
