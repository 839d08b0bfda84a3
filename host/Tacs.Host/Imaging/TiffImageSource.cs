using BitMiracle.LibTiff.Classic;
using Serilog;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;

namespace Tacs.Host.Imaging;

/// <summary>
/// Reads single- and multi-page TIFF and BigTIFF files of any page count: 8/16-bit unsigned and 32-bit float
/// samples, either byte order, strips or tiles, any compression LibTiff decodes (none, LZW, Deflate, PackBits).
/// RGB(A) is converted to grey with a note. tacs reads the directory chain and each page's directory itself
/// and checks them (<see cref="TiffStructure"/>, <see cref="TiffPageCheck"/>) before LibTiff decodes a page,
/// so a damaged or hostile header cannot make LibTiff allocate without bound; every failure, whatever LibTiff
/// throws, becomes an <see cref="ImageReadException"/> naming the file and page.
/// </summary>
internal sealed class TiffImageSource : IImageSource
{
    private readonly TiffOverlayStream _stream;
    private readonly TiffStructure _structure;
    private readonly Tiff _tiff;
    private readonly ImageReadOptions _options;
    private readonly ILogger _log;
    private readonly List<string> _notes = [];
    private readonly HashSet<string> _logged = [];
    private readonly ImageJDescription? _description;
    private readonly TiffPagePlan _first;

    private TiffImageSource(string path, TiffOverlayStream stream, TiffStructure structure, Tiff tiff, TiffPagePlan first, ImageReadOptions options)
    {
        Path = path;
        _stream = stream;
        _structure = structure;
        _tiff = tiff;
        _first = first;
        _options = options;
        _log = options.Log ?? Serilog.Log.Logger;
        PageCount = structure.Pages.Count;
        Width = first.Width;
        Height = first.Height;
        Format = first.Format;
        _description = ImageJDescription.TryParse(first.Description, out var dropped);
        if (dropped is not null)
        {
            _log.Warning("{File}: {Problem}; the pixels are read, the processing history is incomplete", System.IO.Path.GetFileName(path), dropped);
        }

        Layout = ReadLayout(path, first, PageCount);
        if (structure.ChainBroken is { } broken)
        {
            _log.Warning("{File}: {Problem}; reading the {Pages} complete page(s) because truncated files are allowed", System.IO.Path.GetFileName(path), broken, PageCount);
        }
    }

    public string Path { get; }

    public int PageCount { get; }

    public int Width { get; }

    public int Height { get; }

    public SampleFormat Format { get; }

    public IReadOnlyList<string> Notes => _notes;

    public StackLayout Layout { get; }

    /// <summary>For one file of a multi-file OME-TIFF dataset: where every plane of the dataset is; else null.</summary>
    public IReadOnlyList<OmePlane>? DatasetPlanes { get; private set; }

    public static TiffImageSource Open(string path, ImageReadOptions options)
    {
        TiffErrors.Install();
        TiffErrors.TakeAll();
        FileStream? file = null;
        TiffOverlayStream? stream = null;
        Tiff? tiff = null;
        try
        {
            // One handle for both readers; its length is the file's even when the path is a symbolic link.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.RandomAccess);
            var structure = TiffStructure.Read(file.SafeFileHandle, path);
            if (structure.BigTiff && structure.BigEndian)
            {
                // LibTiff.NET 2.4 swaps BigTIFF's 64-bit counts as 32-bit ones and so misreads every field.
                throw new ImageReadException(path, "is a big-endian BigTIFF file, which the TIFF library tacs uses (LibTiff.NET 2.4) cannot read; save it again as little-endian (for example with tifffile, or Fiji's File > Save As > Tiff).");
            }

            if (structure.ChainBroken is { } broken && !options.AllowTruncated)
            {
                throw new ImageReadException(path, $"{broken}. {AllowHint}");
            }

            var first = TiffPageCheck.Check(structure, structure.Pages[0], 1, path, options);
            ThrowOnGap(path, first, 1, options);
            // "h": LibTiff reads the header only; each page's directory is read after tacs has checked it.
            stream = new TiffOverlayStream(file);
            tiff = Tiff.ClientOpen(path, "rh", stream, new TiffStream());
            if (tiff is null)
            {
                var why = TiffErrors.Take();
                throw new ImageReadException(path, "not a readable TIFF file" + (why.Length > 0 ? $" ({why})." : "."));
            }

            return new TiffImageSource(path, stream, structure, tiff, first, options);
        }
        catch (Exception ex)
        {
            tiff?.Dispose();
            stream?.Dispose();
            file?.Dispose();
            throw ex as ImageReadException ?? TiffFailure.Wrap(path, null, ex);
        }
    }

    public ImageFrame ReadPage(int index)
    {
        if (index < 0 || index >= PageCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Page {index} does not exist; the file has {PageCount}.");
        }

        try
        {
            var plan = index == 0 ? _first : TiffPageCheck.Check(_structure, _structure.Pages[index], index + 1, Path, _options);
            ThrowOnGap(Path, plan, index + 1, _options);
            foreach (var entry in plan.Hidden)
            {
                _stream.Hide(entry);
            }

            foreach (var field in plan.Ignored)
            {
                if (_logged.Add(field))
                {
                    _log.Warning("{File} page {Page}: {Problem}", System.IO.Path.GetFileName(Path), index + 1, field);
                }
            }

            TiffErrors.TakeAll();
            if (!_tiff.SetSubDirectory(_structure.Pages[index]))
            {
                throw new ImageReadException(Path, $"page {index + 1} cannot be read ({Why("damaged directory")}).");
            }

            Report(index + 1, TiffErrors.TakeAll());
            var decoder = new TiffPageDecoder(_tiff, plan, index + 1, Path, _options.AllowTruncated);
            var frame = new ImageFrame(plan.Width, plan.Height, decoder.Decode(), plan.Format);
            Report(index + 1, decoder.Messages);
            if (decoder.Truncation is { } truncation)
            {
                _log.Warning("{File}: {Problem}; the missing rows are zeros because truncated files are allowed", System.IO.Path.GetFileName(Path), truncation);
            }

            AddNotes(plan);
            if (plan.Format == SampleFormat.Float32)
            {
                frame.SourceRange = ObservedRange(frame.Pixels);
            }

            frame.Metadata.FrameIndex = index;
            frame.Metadata.Source = Path;
            frame.Metadata.PixelSizeMicrons = Layout.PixelWidthMicrons ?? _description?.PixelSizeMicrons(plan.XResolution);
            if (Layout.Container != StackContainer.Plain)
            {
                frame.Metadata.Position = Layout.FramePositionOf(index);
            }

            // Each page carries its own provenance (a failed page, a per-channel step, a hot swap make them differ).
            var provenance = index == 0 && _description is not null ? _description.Provenance : ImageJDescription.ReadProvenance(plan.Description) ?? [];
            foreach (var entry in provenance)
            {
                frame.AddProvenance(entry);
            }

            return frame;
        }
        catch (Exception ex) when (ex is not ImageReadException)
        {
            throw TiffFailure.Wrap(Path, index + 1, ex);
        }
    }

    public void Dispose()
    {
        _tiff.Dispose();
        _stream.Dispose();
    }

    // The dimensions the first page's description gives; a description that does not fit the file is named in a
    // warning and the pages are read as a flat stack, so the pixels are never lost to bad metadata.
    private StackLayout ReadLayout(string path, TiffPagePlan first, int pages)
    {
        string? problem = null;
        var layout = _description is not null ? _description.Layout(pages, first.XResolution, out problem)
            : OmeXml.IsOme(first.Description) ? ReadOme(path, first.Description!, pages, out problem)
            : StackLayout.Flat(pages);
        if (problem is not null)
        {
            _log.Warning("{File}: {Problem}; its {Pages} page(s) are read as a flat stack (channels, z and time are not known)", System.IO.Path.GetFileName(path), problem, pages);
        }

        return layout;
    }

    private StackLayout ReadOme(string path, string xml, int pages, out string? problem)
    {
        var layout = OmeXml.Read(xml, pages, path, _options, out problem, out var planes);
        DatasetPlanes = planes;
        return layout;
    }

    private const string AllowHint = "Re-copy the file; to read what is there, allow truncated files (--allow-truncated)";

    private static void ThrowOnGap(string path, TiffPagePlan plan, int page, ImageReadOptions options)
    {
        if (plan.Gaps.Count > 0 && !options.AllowTruncated)
        {
            var gap = plan.Gaps[0];
            var where = plan.Tiled ? $"the tile at row {gap.Row}, column {gap.Column}" : $"row {gap.Row} (strip {gap.Chunk})";
            throw new ImageReadException(path, $"page {page} is truncated from {where}: its data {gap.Reason}. {AllowHint}.");
        }
    }

    private void AddNotes(TiffPagePlan plan)
    {
        if (plan.Samples >= 3 && !_notes.Contains(ColourNote))
        {
            _notes.Add(ColourNote);
        }

        if (plan.MinIsWhite && !_notes.Contains(InvertedNote))
        {
            _notes.Add(InvertedNote);
        }
    }

    // LibTiff's warnings go to the log once per file and text; unknown private tags only at debug level.
    private void Report(int page, IReadOnlyList<TiffMessage> messages)
    {
        foreach (var message in messages)
        {
            if (_logged.Count >= 100 || !_logged.Add(message.Text))
            {
                continue;
            }

            if (message.IsUnknownTag)
            {
                _log.Debug("{File} page {Page}: LibTiff: {Message}", System.IO.Path.GetFileName(Path), page, message.Text);
            }
            else
            {
                _log.Warning("{File} page {Page}: LibTiff: {Message}", System.IO.Path.GetFileName(Path), page, message.Text);
            }
        }
    }

    private const string ColourNote = "colour image converted to grey (0.299 R + 0.587 G + 0.114 B)";
    private const string InvertedNote = "photometric 'min-is-white': values kept as stored (high = dark)";

    private static ValueRange ObservedRange(float[] pixels)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var p in pixels)
        {
            if (float.IsFinite(p))
            {
                min = Math.Min(min, p);
                max = Math.Max(max, p);
            }
        }

        return float.IsFinite(min) ? new ValueRange(min, max) : new ValueRange(0, 1);
    }

    private static string Why(string fallback)
    {
        var why = TiffErrors.Take();
        return why.Length > 0 ? why : fallback;
    }
}
