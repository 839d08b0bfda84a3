using Serilog;

namespace Tacs.Host.Imaging;

/// <summary>
/// Limits applied when reading images, so that a corrupt or hostile header cannot exhaust memory or time.
/// With these limits, opening a TIFF file and reading one page allocates at most about four times the page's
/// decoded size plus 64 MiB, and about 40 bytes per page of the stack for its page index (docs/reading.md).
/// </summary>
public sealed class ImageReadOptions
{
    /// <summary>Largest accepted page, in pixels (default 2^28, a 16384×16384 image: 1 GiB as float32).</summary>
    public long MaxPixelsPerPage { get; init; } = 1L << 28;

    /// <summary>Largest total of a page directory's metadata fields (descriptions, colour maps, private tags);
    /// default 4 MiB, far above what microscopes and ImageJ write. LibTiff and the description parser hold
    /// several copies of it, which is what the 64 MiB in the bound pays for.</summary>
    public long MaxMetadataBytes { get; init; } = 4L << 20;

    /// <summary>Read truncated files anyway: missing rows become zeros and missing pages are left out, each
    /// with a warning naming page and row. Off by default, where truncated data is an error.</summary>
    public bool AllowTruncated { get; init; }

    /// <summary>Where LibTiff's warnings and the truncation warnings go; null uses Serilog's shared logger.</summary>
    public ILogger? Log { get; init; }

    /// <summary>Default options.</summary>
    public static ImageReadOptions Default { get; } = new();
}
