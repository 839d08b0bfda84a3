using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging.Dimensions;

/// <summary>
/// A multi-file OME-TIFF dataset read as one stack: opened through any of its files, whose OME-XML (or companion
/// metadata file) says which file and page holds each plane. The other files are opened when their planes are
/// read, a few at a time, and checked like any TIFF file; each must hold pages of the first file's size.
/// </summary>
internal sealed class OmeDatasetSource : IImageSource
{
    private const int OpenFilesAtMost = 4;
    private readonly TiffImageSource _first;
    private readonly IReadOnlyList<OmePlane> _planes;
    private readonly ImageReadOptions _options;
    private readonly Dictionary<string, TiffImageSource> _open = new(StringComparer.Ordinal);

    public OmeDatasetSource(TiffImageSource first, IReadOnlyList<OmePlane> planes, ImageReadOptions options)
    {
        _first = first;
        _planes = planes;
        _options = options;
        _open[System.IO.Path.GetFullPath(first.Path)] = first;
        Files = [.. planes.Select(p => p.File).Distinct(StringComparer.Ordinal)];
    }

    public string Path => _first.Path;

    public int PageCount => _planes.Count;

    public int Width => _first.Width;

    public int Height => _first.Height;

    public SampleFormat Format => _first.Format;

    public IReadOnlyList<string> Notes => _first.Notes;

    public StackLayout Layout => _first.Layout;

    /// <summary>Every file of the dataset (full paths), so a folder run processes the dataset once.</summary>
    public IReadOnlyList<string> Files { get; }

    public ImageFrame ReadPage(int index)
    {
        if (index < 0 || index >= PageCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Plane {index} does not exist; the dataset has {PageCount}.");
        }

        var plane = _planes[index];
        var source = SourceFor(plane.File);
        if (plane.Page >= source.PageCount)
        {
            throw new ImageReadException(plane.File, $"holds {source.PageCount} page(s), but the dataset's OME-XML (read from {System.IO.Path.GetFileName(Path)}) places plane {index + 1} at page {plane.Page + 1}.");
        }

        var frame = source.ReadPage(plane.Page);
        if (frame.Width != Width || frame.Height != Height || frame.SourceFormat != Format)
        {
            throw new ImageReadException(plane.File, $"page {plane.Page + 1} is {frame.Width}×{frame.Height} {frame.SourceFormat}, but the dataset's first file has {Width}×{Height} {Format} pages.");
        }

        frame.Metadata.FrameIndex = index;
        frame.Metadata.Position = Layout.FramePositionOf(index);
        frame.Metadata.PixelSizeMicrons = Layout.PixelWidthMicrons ?? frame.Metadata.PixelSizeMicrons;
        return frame;
    }

    public void Dispose()
    {
        foreach (var source in _open.Values)
        {
            source.Dispose();
        }

        _open.Clear();
    }

    // Datasets of one file per plane can have thousands of files: only a few stay open.
    private TiffImageSource SourceFor(string file)
    {
        if (_open.TryGetValue(file, out var source))
        {
            return source;
        }

        if (_open.Count >= OpenFilesAtMost)
        {
            foreach (var (path, open) in _open.Where(o => !ReferenceEquals(o.Value, _first)).ToList())
            {
                open.Dispose();
                _open.Remove(path);
            }
        }

        source = TiffImageSource.Open(file, _options);
        _open[file] = source;
        return source;
    }
}
