using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>Compression of written TIFF files; all lossless.</summary>
public enum TiffCompression
{
    /// <summary>No compression: fastest, largest, readable everywhere.</summary>
    None,

    /// <summary>LZW with horizontal predictor.</summary>
    Lzw,

    /// <summary>Deflate (zip) with horizontal predictor.</summary>
    Deflate,

    /// <summary>PackBits run-length coding.</summary>
    PackBits,
}

/// <summary>How a TIFF file is written.</summary>
public sealed class TiffWriteOptions
{
    /// <summary>Sample format of the file; null keeps each frame's source format.</summary>
    public SampleFormat? Format { get; init; }

    /// <summary>Compression.</summary>
    public TiffCompression Compression { get; init; } = TiffCompression.None;

    /// <summary>Write big-endian (Motorola) byte order instead of little-endian (classic TIFF only; BigTIFF is
    /// written little-endian, because LibTiff.NET 2.4 writes a broken big-endian BigTIFF header).</summary>
    public bool BigEndian { get; init; }

    /// <summary>Write square tiles of this side (a multiple of 16) instead of strips.</summary>
    public int? TileSize { get; init; }

    /// <summary>Stacks expected to be larger than this many bytes (or of unknown length) are written as BigTIFF;
    /// default 4 GB less 256 MB, since a classic TIFF cannot pass 4 GB. Lowered by tests to check BigTIFF output
    /// without writing gigabytes.</summary>
    public long BigTiffAbove { get; init; } = uint.MaxValue - (256L << 20);

    /// <summary>Channels, z-slices and time points of the pages, recorded in the header as an ImageJ hyperstack, or as
    /// OME-XML when its <see cref="StackLayout.Container"/> is <see cref="StackContainer.Ome"/>; null writes a flat
    /// ImageJ stack. Its page count must be the writer's.</summary>
    public StackLayout? Layout { get; init; }

    /// <summary>Default options.</summary>
    public static TiffWriteOptions Default { get; } = new();
}
