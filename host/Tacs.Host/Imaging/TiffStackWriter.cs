using BitMiracle.LibTiff.Classic;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;
using TiffSampleFormat = BitMiracle.LibTiff.Classic.SampleFormat;

namespace Tacs.Host.Imaging;

/// <summary>
/// Writes frames as the pages of one TIFF file, page by page, so stacks of any length use bounded memory.
/// The file is written under a temporary name and moved into place by <see cref="Complete"/>; a writer
/// disposed without completing removes its partial file, so a failure never leaves half a file behind
/// nor replaces an existing one. A stack expected to pass <see cref="TiffWriteOptions.BigTiffAbove"/> (4 GB
/// less a margin), or of unknown length, is written as BigTIFF, whose offsets are 64-bit; a classic TIFF
/// that would still grow past 4 GB is stopped with an error instead of being written with wrapped offsets.
/// </summary>
public sealed class TiffStackWriter : IDisposable
{
    private readonly string _path;
    private readonly string _partialPath;
    private readonly TiffWriteOptions _options;
    private readonly int? _pageCount;
    private FileStream? _file;
    private Tiff? _tiff;
    private int _written;
    private int _width;
    private int _height;
    private SampleFormat _format;
    private byte[] _samples = [];
    private byte[] _strip = [];

    /// <summary>Starts a file of <paramref name="pageCount"/> pages, or of as many as are written when it is null
    /// (a live acquisition): then no ImageJ header is written, and the file is BigTIFF, since its length is unknown
    /// (Fiji opens it through Bio-Formats).</summary>
    /// <param name="path">Final file path.</param>
    /// <param name="pageCount">Pages to be written (recorded in the ImageJ description so Fiji sees a stack), or null.</param>
    /// <param name="options">Format, compression, byte order and layout.</param>
    public TiffStackWriter(string path, int? pageCount, TiffWriteOptions? options = null)
    {
        if (pageCount is int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        }

        _path = Path.GetFullPath(path);
        _partialPath = _path + ".partial";
        _options = options ?? TiffWriteOptions.Default;
        _pageCount = pageCount;
        if (_options.Layout is { } layout && layout.Pages != pageCount)
        {
            throw new ArgumentException($"The layout ({layout.Describe()}) has {layout.Pages} pages, but {pageCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown number"} are to be written.", nameof(options));
        }

        if (_options.TileSize is int tile && (tile < 16 || tile % 16 != 0))
        {
            throw new ArgumentException($"Tile size {tile} must be a positive multiple of 16.", nameof(options));
        }

        TiffErrors.Install();
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        // The file is created now (so an unwritable folder fails early); LibTiff starts on it at the first page,
        // when the page size tells whether the stack needs BigTIFF.
        _file = new FileStream(_partialPath, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
    }

    /// <summary>True when the file is written as BigTIFF (decided at the first page).</summary>
    public bool IsBigTiff { get; private set; }

    /// <summary>Pages written so far.</summary>
    public int PagesWritten => _written;

    /// <summary>The final file path.</summary>
    public string FilePath => _path;

    /// <summary>Total values clamped into the output range so far (out-of-range or NaN).</summary>
    public long ClippedValues { get; private set; }

    /// <summary>Writes the next page.</summary>
    /// <param name="frame">The frame; all pages must share size and format.</param>
    /// <exception cref="InvalidOperationException">Too many pages, or a page differs in size or format.</exception>
    public void Write(ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var file = _file ?? throw new ObjectDisposedException(nameof(TiffStackWriter));
        if (_written >= _pageCount)
        {
            throw new InvalidOperationException($"{_path}: all {_pageCount} pages were already written.");
        }

        var format = _options.Format ?? frame.SourceFormat;
        if (_written == 0)
        {
            (_width, _height, _format) = (frame.Width, frame.Height, format);
        }
        else if (frame.Width != _width || frame.Height != _height || format != _format)
        {
            throw new InvalidOperationException($"{_path}: page {_written + 1} is {frame.Width}×{frame.Height} {format}, but the stack is {_width}×{_height} {_format}.");
        }

        var pageBytes = PageBytesAtMost(frame, format);
        var tiff = _tiff ?? Start(file, pageBytes);
        if (!IsBigTiff && file.Length + pageBytes > uint.MaxValue)
        {
            throw new IOException($"{_path}: page {_written + 1} would take the file past 4 GB, the most a classic TIFF holds. Write fewer pages per file, or give the page count up front so tacs writes BigTIFF.");
        }

        WriteTags(tiff, frame, format);
        var length = frame.Pixels.Length * PixelConversion.BytesPerSample(format);
        if (_samples.Length != length)
        {
            _samples = new byte[length];
        }

        var bytes = _samples;
        ClippedValues += PixelConversion.ToSamples(frame.Pixels, format, bytes);
        if (_options.TileSize is int tile)
        {
            WriteTiles(tiff, bytes, frame.Width, frame.Height, PixelConversion.BytesPerSample(format), tile);
        }
        else
        {
            WriteStrips(tiff, bytes, frame.Width * PixelConversion.BytesPerSample(format), frame.Height);
        }

        if (!tiff.WriteDirectory())
        {
            throw new IOException($"{_path}: writing page {_written + 1} failed ({TiffErrors.Take()}).");
        }

        _written++;
    }

    // Compressed data can exceed the raw samples (LZW by up to half); the directory and description add a little.
    private long PageBytesAtMost(ImageFrame frame, SampleFormat format)
    {
        var raw = (long)frame.Pixels.Length * PixelConversion.BytesPerSample(format);
        return (_options.Compression == TiffCompression.None ? raw : raw + (raw / 2)) + 65536;
    }

    private Tiff Start(FileStream file, long pageBytes)
    {
        var expected = _pageCount is int pages ? pages * pageBytes : long.MaxValue;
        IsBigTiff = expected > _options.BigTiffAbove;
        // BigTIFF is always little-endian: LibTiff.NET 2.4 writes a broken header for big-endian BigTIFF.
        var mode = IsBigTiff ? "wl8" : _options.BigEndian ? "wb" : "wl";
        _tiff = Tiff.ClientOpen(_partialPath, mode, file, new TiffStream())
            ?? throw new IOException($"{_path}: cannot create the file ({TiffErrors.Take()}).");
        return _tiff;
    }

    /// <summary>Closes the file and moves it to its final name.</summary>
    /// <param name="overwrite">Replace an existing file of that name.</param>
    /// <exception cref="InvalidOperationException">Fewer pages were written than announced.</exception>
    public void Complete(bool overwrite = false)
    {
        var file = _file ?? throw new ObjectDisposedException(nameof(TiffStackWriter));
        if (_pageCount is not null ? _written != _pageCount : _written == 0)
        {
            throw new InvalidOperationException($"{_path}: {_written} of {_pageCount} pages were written.");
        }

        _tiff?.Dispose();
        _tiff = null;
        file.Dispose();
        _file = null;
        File.Move(_partialPath, _path, overwrite);
    }

    /// <summary>Closes the file; without <see cref="Complete"/>, the partial file is deleted.</summary>
    public void Dispose()
    {
        if (_file is null)
        {
            return;
        }

        _tiff?.Dispose();
        _tiff = null;
        _file.Dispose();
        _file = null;
        File.Delete(_partialPath);
    }

    private void WriteTags(Tiff tiff, ImageFrame frame, SampleFormat format)
    {
        tiff.SetField(TiffTag.IMAGEWIDTH, frame.Width);
        tiff.SetField(TiffTag.IMAGELENGTH, frame.Height);
        tiff.SetField(TiffTag.BITSPERSAMPLE, format.BitDepth());
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.SAMPLEFORMAT, format == SampleFormat.Float32 ? TiffSampleFormat.IEEEFP : TiffSampleFormat.UINT);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.SOFTWARE, "tacs");
        var compression = _options.Compression switch
        {
            TiffCompression.Lzw => Compression.LZW,
            TiffCompression.Deflate => Compression.DEFLATE,
            TiffCompression.PackBits => Compression.PACKBITS,
            _ => Compression.NONE,
        };
        tiff.SetField(TiffTag.COMPRESSION, compression);
        // LibTiff.NET 2.4 writes wrong samples when a predictor meets big-endian output (checked against
        // libtiff through OpenCV), so big-endian files are compressed without one.
        if (compression is Compression.LZW or Compression.DEFLATE && !_options.BigEndian)
        {
            tiff.SetField(TiffTag.PREDICTOR, format == SampleFormat.Float32 ? Predictor.FLOATINGPOINT : Predictor.HORIZONTAL);
        }

        if (frame.Metadata.PixelSizeMicrons is double size and > 0)
        {
            tiff.SetField(TiffTag.XRESOLUTION, 1.0 / size);
            tiff.SetField(TiffTag.YRESOLUTION, 1.0 / size);
            tiff.SetField(TiffTag.RESOLUTIONUNIT, ResUnit.NONE);
        }

        if (_written == 0 && _pageCount is int pages)
        {
            tiff.SetField(TiffTag.IMAGEDESCRIPTION, FirstDescription(frame, format, pages));
        }
        else if (frame.Provenance.Count > 0)
        {
            // Every other page carries its own provenance (pages of one stack may differ: a failed page, a hot swap).
            // ImageJ reads the first page's description only, so these lines do not disturb it.
            tiff.SetField(TiffTag.IMAGEDESCRIPTION, ImageJDescription.ProvenanceOnly(frame.Provenance, frame.Metadata.FrameIndex));
        }

        if (_options.TileSize is int tile)
        {
            tiff.SetField(TiffTag.TILEWIDTH, tile);
            tiff.SetField(TiffTag.TILELENGTH, tile);
        }
        else
        {
            var rowBytes = frame.Width * format.BitDepth() / 8;
            tiff.SetField(TiffTag.ROWSPERSTRIP, Math.Max(1, Math.Min(frame.Height, (64 * 1024) / Math.Max(1, rowBytes))));
        }
    }

    // ImageJ's header (with the hyperstack's dimensions) or, for an OME layout, OME-XML carrying the page's provenance.
    private string FirstDescription(ImageFrame frame, SampleFormat format, int pages)
    {
        var layout = _options.Layout;
        if (layout?.Container == StackContainer.Ome)
        {
            var size = frame.Metadata.PixelSizeMicrons;
            layout = layout with { PixelWidthMicrons = layout.PixelWidthMicrons ?? size, PixelHeightMicrons = layout.PixelHeightMicrons ?? size };
            var tacs = frame.Provenance.Count > 0 ? ImageJDescription.ProvenanceOnly(frame.Provenance, frame.Metadata.FrameIndex) : null;
            var name = Path.GetFileName(_path);
            name = name.EndsWith(".ome.tif", StringComparison.OrdinalIgnoreCase) ? name[..^8] : name.EndsWith(".ome.tiff", StringComparison.OrdinalIgnoreCase) ? name[..^9] : Path.GetFileNameWithoutExtension(name);
            return OmeXml.Write(layout, format, frame.Width, frame.Height, _options.BigEndian && !IsBigTiff, name, tacs);
        }

        var range = format == SampleFormat.Float32 ? frame.SourceRange : format.NativeRange();
        return ImageJDescription.Create(pages, range, frame.Metadata.PixelSizeMicrons ?? layout?.PixelWidthMicrons, frame.Provenance, frame.Metadata.FrameIndex, layout);
    }

    private void WriteStrips(Tiff tiff, byte[] bytes, int rowBytes, int height)
    {
        var rowsPerStrip = tiff.GetField(TiffTag.ROWSPERSTRIP)[0].ToInt();
        var strip = 0;
        // With a predictor each strip goes in its own buffer from offset 0: LibTiff.NET's predictor mishandles
        // buffer offsets. Without one, strips are written straight from the page's buffer.
        var predictor = _options.Compression is TiffCompression.Lzw or TiffCompression.Deflate && !_options.BigEndian;
        if (predictor && _strip.Length != rowsPerStrip * rowBytes)
        {
            _strip = new byte[rowsPerStrip * rowBytes];
        }

        for (var row = 0; row < height; row += rowsPerStrip, strip++)
        {
            var rows = Math.Min(rowsPerStrip, height - row);
            var (source, offset) = predictor ? (_strip, 0) : (bytes, row * rowBytes);
            if (predictor)
            {
                Buffer.BlockCopy(bytes, row * rowBytes, _strip, 0, rows * rowBytes);
            }

            if (tiff.WriteEncodedStrip(strip, source, offset, rows * rowBytes) < 0)
            {
                throw new IOException($"{_path}: writing failed ({TiffErrors.Take()}).");
            }
        }
    }

    private void WriteTiles(Tiff tiff, byte[] bytes, int width, int height, int pixelBytes, int tile)
    {
        var buffer = new byte[tile * tile * pixelBytes];
        for (var ty = 0; ty < height; ty += tile)
        {
            for (var tx = 0; tx < width; tx += tile)
            {
                Array.Clear(buffer);
                var rows = Math.Min(tile, height - ty);
                var cols = Math.Min(tile, width - tx);
                for (var r = 0; r < rows; r++)
                {
                    Buffer.BlockCopy(bytes, (((ty + r) * width) + tx) * pixelBytes, buffer, r * tile * pixelBytes, cols * pixelBytes);
                }

                if (tiff.WriteEncodedTile(tiff.ComputeTile(tx, ty, 0, 0), buffer, buffer.Length) < 0)
                {
                    throw new IOException($"{_path}: writing a tile failed ({TiffErrors.Take()}).");
                }
            }
        }
    }
}
