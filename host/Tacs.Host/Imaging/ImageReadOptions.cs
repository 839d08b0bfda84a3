namespace Tacs.Host.Imaging;

/// <summary>Limits applied when reading images, so that a corrupt or hostile header cannot exhaust memory.</summary>
public sealed class ImageReadOptions
{
    /// <summary>Largest accepted page, in pixels (default 2^28, a 16384×16384 image: 1 GiB as float32).</summary>
    public long MaxPixelsPerPage { get; init; } = 1L << 28;

    /// <summary>Default options.</summary>
    public static ImageReadOptions Default { get; } = new();
}
