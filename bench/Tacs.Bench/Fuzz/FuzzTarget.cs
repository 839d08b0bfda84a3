using System.Diagnostics;
using Tacs.Host.Imaging;

namespace Tacs.Fuzz;

/// <summary>What reading one (damaged) file did.</summary>
/// <param name="Outcome">"read", "refused" (an <see cref="ImageReadException"/>) or "escaped: Type".</param>
/// <param name="Elapsed">Time to open and read every page.</param>
/// <param name="MaxExcessBytes">Largest allocation of one step (open, or reading one page) above its bound; 0 or less is within.</param>
/// <param name="AllocatedBytes">Bytes allocated in all, on this thread.</param>
/// <param name="DecodedBytes">Bytes of pixels returned (float frames).</param>
/// <param name="Message">The exception's message, if any.</param>
internal sealed record FuzzResult(string Outcome, TimeSpan Elapsed, long MaxExcessBytes, long AllocatedBytes, long DecodedBytes, string? Message);

/// <summary>
/// Reads a file as tacs does (open, then every page) and checks the memory bound stated in docs/reading.md:
/// opening allocates at most 64 MiB plus 40 bytes per page, and reading a page at most four times its
/// decoded size plus 64 MiB, where the decoded size is the larger of its float frame and its stored samples.
/// </summary>
internal static class FuzzTarget
{
    public const long Slack = 64L << 20;

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

            return new FuzzResult("read", watch.Elapsed, excess, GC.GetAllocatedBytesForCurrentThread() - start, decoded, null);
        }
        catch (ImageReadException ex)
        {
            // A page that failed was already charged against the page bound; a failed open against the open bound.
            if (!opened)
            {
                excess = Math.Max(excess, GC.GetAllocatedBytesForCurrentThread() - before - Slack);
            }

            return new FuzzResult("refused", watch.Elapsed, excess, GC.GetAllocatedBytesForCurrentThread() - start, decoded, ex.Message);
        }
#pragma warning disable CA1031 // The fuzzer's point is to catch and count whatever escapes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new FuzzResult("escaped: " + ex.GetType().Name, watch.Elapsed, excess, GC.GetAllocatedBytesForCurrentThread() - start, decoded, ex.ToString());
        }
    }
}
