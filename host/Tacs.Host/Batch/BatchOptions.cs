using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Batch;

/// <summary>How a batch writes its results.</summary>
public sealed record BatchOptions
{
    /// <summary>Output sample format; null keeps each input's bit depth.</summary>
    public SampleFormat? OutputFormat { get; init; }

    /// <summary>TIFF compression of outputs.</summary>
    public TiffCompression Compression { get; init; } = TiffCompression.None;

    /// <summary>Replace existing output files.</summary>
    public bool Overwrite { get; init; }

    /// <summary>What is written for a page on which a step failed; the page's provenance records the failure either way.</summary>
    public FrameErrorPolicy OnFrameError { get; init; } = FrameErrorPolicy.Raw;

    /// <summary>How stacks record channels, z and time: <see cref="StackContainer.Ome"/> or <see cref="StackContainer.ImageJ"/>;
    /// null keeps the input's format (OME-TIFF stays OME-TIFF; an output named .ome.tif is OME-TIFF).</summary>
    public Tacs.Host.Imaging.Dimensions.StackContainer? Container { get; init; }

    /// <summary>The part of a folder's files this run does (file i when i mod N = K, in name order); the whole folder by default.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>Read limits.</summary>
    public ImageReadOptions Read { get; init; } = ImageReadOptions.Default;
}
