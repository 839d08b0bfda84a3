using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>An opened image file: one or more pages of equal size, read one at a time.</summary>
public interface IImageSource : IDisposable
{
    /// <summary>The file.</summary>
    string Path { get; }

    /// <summary>Number of pages (1 for PNG and JPEG).</summary>
    int PageCount { get; }

    /// <summary>Width of the first page.</summary>
    int Width { get; }

    /// <summary>Height of the first page.</summary>
    int Height { get; }

    /// <summary>Sample format of the file.</summary>
    SampleFormat Format { get; }

    /// <summary>Remarks about conversions made while reading (for example colour to grey).</summary>
    IReadOnlyList<string> Notes { get; }

    /// <summary>Channels, z-slices and time points of the pages, as the file's ImageJ or OME-XML description gives
    /// them (a flat layout when it gives none or they do not fit the file).</summary>
    StackLayout Layout { get; }

    /// <summary>Reads one page.</summary>
    /// <param name="index">0-based page index.</param>
    /// <exception cref="ImageReadException">The page is damaged or unsupported.</exception>
    ImageFrame ReadPage(int index);
}
