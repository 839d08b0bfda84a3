using System.Diagnostics;
using Tacs.Host.Imaging;

namespace Tacs.Fuzz;

/// <summary>What reading one (damaged) file did.</summary>
/// <param name="Outcome">"read", "refused" (an <see cref="ImageReadException"/>) or "escaped: Type".</param>
/// <param name="Elapsed">Wall-clock time to open and read every page.</param>
/// <param name="CpuTime">CPU time of the reading thread for the same work (wall-clock time where Linux's per-thread figure is missing).</param>
/// <param name="MaxExcessBytes">Largest allocation of one step (open, or reading one page) above its bound; 0 or less is within.</param>
/// <param name="AllocatedBytes">Bytes allocated in all, on this thread.</param>
/// <param name="DecodedBytes">Bytes of pixels returned (float frames).</param>
/// <param name="Message">The exception's message, if any.</param>
internal sealed record FuzzResult(string Outcome, TimeSpan Elapsed, TimeSpan CpuTime, long MaxExcessBytes, long AllocatedBytes, long DecodedBytes, string? Message)
{
    /// <summary>Gets the CPU time this file may take (<see cref="FuzzTarget.TimeBound"/>) for its size and allocations.</summary>
    /// <param name="fileBytes">The file's length.</param>
    /// <returns>The bound.</returns>
    public TimeSpan Bound(long fileBytes) => FuzzTarget.TimeBound(fileBytes, AllocatedBytes);
}

/// <summary>
/// Reads a file as tacs does (open, then every page) and checks the memory bound stated in docs/reading.md:
/// opening allocates at most 64 MiB plus 40 bytes per page, and reading a page at most four times its
/// decoded size plus 64 MiB, where the decoded size is the larger of its float frame and its stored samples;
/// and the time bound stated there: at most <see cref="FixedTime"/> plus <see cref="TimePerMegabyte"/> of CPU time
/// per MB of the file's bytes and the bytes reading it allocated.
/// </summary>
internal static class FuzzTarget
{
    public const long Slack = 64L << 20;

    /// <summary>CPU time any file may take before its size counts: opening, checks, one error's message.</summary>
    public static readonly TimeSpan FixedTime = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// CPU time per MB of file and allocations. Decoding runs at tens to hundreds of MB/s, so this leaves a wide
    /// margin for honest work while a file that makes the reader loop over its data, or decode far more than it
    /// holds, goes over.
    /// </summary>
    public static readonly TimeSpan TimePerMegabyte = TimeSpan.FromMilliseconds(100);

    /// <summary>The CPU time reading a file may take.</summary>
    /// <param name="fileBytes">The file's length.</param>
    /// <param name="allocatedBytes">Bytes reading it allocated.</param>
    /// <returns><see cref="FixedTime"/> + <see cref="TimePerMegabyte"/> × MB of both.</returns>
    public static TimeSpan TimeBound(long fileBytes, long allocatedBytes) =>
        FixedTime + (TimePerMegabyte * ((fileBytes + allocatedBytes) / 1e6));

    private static int BytesPerSample(Tacs.Sdk.Frames.SampleFormat format) => format switch
    {
        Tacs.Sdk.Frames.SampleFormat.UInt8 => 1,
        Tacs.Sdk.Frames.SampleFormat.UInt16 => 2,
        _ => 4,
    };

    /// <summary>Reads <paramref name="path"/>; never throws.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Read options (the short test lowers the page limit).</param>
    public static FuzzResult Read(string path, ImageReadOptions options)
    {
        var watch = Stopwatch.StartNew();
        var cpuStart = ThreadCpuTime.Now();
        var start = GC.GetAllocatedBytesForCurrentThread();
        var before = start;
        long excess = long.MinValue;
        long decoded = 0;
        var opened = false;
        try
        {
            using var image = ImageFiles.Open(path, options);
            opened = true;
            excess = Math.Max(excess, GC.GetAllocatedBytesForCurrentThread() - before - Slack - (40L * image.PageCount));
            for (var p = 0; p < image.PageCount; p++)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
                // Pages that fail to read are charged against the largest page the limit allows.
                long bound = (4 * 16 * options.MaxPixelsPerPage) + Slack;
                try
                {
                    var frame = image.ReadPage(p);
                    var perPixel = Math.Max(4, BytesPerSample(image.Format) * (image.Notes.Any(n => n.Contains("colour", StringComparison.Ordinal)) ? 4 : 2));
                    bound = (4L * frame.Pixels.Length * perPixel) + Slack;
                    decoded += frame.Pixels.Length * 4L;
                }
                finally
                {
                    excess = Math.Max(excess, GC.GetAllocatedBytesForCurrentThread() - before - bound);
                }
            }

            return new FuzzResult("read", watch.Elapsed, Cpu(cpuStart, watch), excess, GC.GetAllocatedBytesForCurrentThread() - start, decoded, null);
        }
        catch (ImageReadException ex)
        {
            // A page that failed was already charged against the page bound; a failed open against the open bound.
            if (!opened)
            {
                excess = Math.Max(excess, GC.GetAllocatedBytesForCurrentThread() - before - Slack);
            }

            return new FuzzResult("refused", watch.Elapsed, Cpu(cpuStart, watch), excess, GC.GetAllocatedBytesForCurrentThread() - start, decoded, ex.Message);
        }
#pragma warning disable CA1031 // The fuzzer's point is to catch and count whatever escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new FuzzResult("escaped: " + ex.GetType().Name, watch.Elapsed, Cpu(cpuStart, watch), excess, GC.GetAllocatedBytesForCurrentThread() - start, decoded, ex.ToString());
        }
    }

    private static TimeSpan Cpu(TimeSpan? start, Stopwatch watch) =>
        start is { } begun && ThreadCpuTime.Now() is { } now ? now - begun : watch.Elapsed;
}
