using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Tacs.Sdk.Frames;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;
using TiffSampleFormat = BitMiracle.LibTiff.Classic.SampleFormat;

namespace Tacs.Host.Imaging;

/// <summary>
/// Reads single- and multi-page TIFF files: 8/16-bit unsigned and 32-bit float samples, either byte order,
/// strips or tiles, any compression LibTiff decodes (none, LZW, Deflate, PackBits). RGB(A) is converted to
/// grey with a note. Every page is checked against the read limits before memory is allocated.
/// </summary>
internal sealed class TiffImageSource : IImageSource
{
    private readonly Tiff _tiff;
    private readonly ImageReadOptions _options;
    private readonly long _fileLength;
    private readonly List<string> _notes = [];
    private readonly ImageJDescription? _description;

    private TiffImageSource(string path, Tiff tiff, ImageReadOptions options)
    {
        Path = path;
        _tiff = tiff;
        _options = options;
        _fileLength = new FileInfo(path).Length;
        PageCount = tiff.NumberOfDirectories();
        var first = Describe(0);
        Width = first.Width;
        Height = first.Height;
        Format = first.Format;
        _description = ImageJDescription.TryParse(Field(TiffTag.IMAGEDESCRIPTION)?[0].ToString());
    }

    public string Path { get; }

    public int PageCount { get; }

    public int Width { get; }

    public int Height { get; }

    public SampleFormat Format { get; }

    public IReadOnlyList<string> Notes => _notes;

    public static TiffImageSource Open(string path, ImageReadOptions options)
    {
        TiffErrors.Install();
        TiffErrors.Take();
        Tiff? tiff;
        try
        {
            tiff = Tiff.Open(path, "r");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ImageReadException(path, $"not a readable TIFF file ({ex.Message}).", ex);
        }

        if (tiff is null)
        {
            var why = TiffErrors.Take();
            throw new ImageReadException(path, "not a readable TIFF file" + (why.Length > 0 ? $" ({why})." : "."));
        }

        try
        {
            return new TiffImageSource(path, tiff, options);
        }
        catch
        {
            tiff.Dispose();
            throw;
        }
    }

    public ImageFrame ReadPage(int index)
    {
        if (index < 0 || index >= PageCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Page {index} does not exist; the file has {PageCount}.");
        }

        var page = Describe(index);
        var bytes = ReadBytes(page);
        var frame = new ImageFrame(page.Width, page.Height, ToGrey(page, bytes), page.Format);
        if (page.Format == SampleFormat.Float32)
        {
            frame.SourceRange = ObservedRange(frame.Pixels);
        }

        frame.Metadata.FrameIndex = index;
        frame.Metadata.Source = Path;
        frame.Metadata.PixelSizeMicrons = _description?.PixelSizeMicrons(Field(TiffTag.XRESOLUTION)?[0].ToDouble());
        foreach (var entry in _description?.Provenance ?? [])
        {
            frame.AddProvenance(entry);
        }

        return frame;
    }

    public void Dispose() => _tiff.Dispose();

    private FieldValue[]? Field(TiffTag tag) => _tiff.GetField(tag);

    private PageLayout Describe(int index)
    {
        if (!_tiff.SetDirectory((short)index))
        {
            throw Fail($"page {index + 1} cannot be read ({Why("damaged directory")}).");
        }

        var width = Field(TiffTag.IMAGEWIDTH)?[0].ToLong() ?? 0;
        var height = Field(TiffTag.IMAGELENGTH)?[0].ToLong() ?? 0;
        if (width <= 0 || height <= 0)
        {
            throw Fail($"page {index + 1} has an impossible size {width}×{height}.");
        }

        if (width * height > _options.MaxPixelsPerPage)
        {
            throw Fail($"page {index + 1} claims {width}×{height} pixels ({width * height / 1e6:F0} Mpx), above the limit of {_options.MaxPixelsPerPage / 1e6:F0} Mpx per page. The header is corrupt, or the image must be tiled before processing.");
        }

        var bits = _tiff.GetFieldDefaulted(TiffTag.BITSPERSAMPLE)[0].ToInt();
        var samples = _tiff.GetFieldDefaulted(TiffTag.SAMPLESPERPIXEL)[0].ToInt();
        var sampleFormat = (TiffSampleFormat)_tiff.GetFieldDefaulted(TiffTag.SAMPLEFORMAT)[0].ToInt();
        var planar = (PlanarConfig)_tiff.GetFieldDefaulted(TiffTag.PLANARCONFIG)[0].ToInt();
        var photometric = (Photometric)(Field(TiffTag.PHOTOMETRIC)?[0].ToInt() ?? (int)Photometric.MINISBLACK);

        var format = (sampleFormat, bits) switch
        {
            (TiffSampleFormat.UINT, 8) => SampleFormat.UInt8,
            (TiffSampleFormat.UINT, 16) => SampleFormat.UInt16,
            (TiffSampleFormat.IEEEFP, 32) => SampleFormat.Float32,
            _ => throw Fail($"unsupported sample format: {bits}-bit {Name(sampleFormat)}. tacs reads 8- and 16-bit unsigned integers and 32-bit floats; convert the image (in Fiji: Image > Type)."),
        };

        if (photometric == Photometric.PALETTE)
        {
            throw Fail("palette (indexed colour) images are not supported; convert to greyscale first.");
        }

        if (samples is < 1 or > 4)
        {
            throw Fail($"{samples} samples per pixel are not supported (1 grey, or 3–4 for RGB/RGBA).");
        }

        if (samples > 1 && planar == PlanarConfig.SEPARATE)
        {
            throw Fail("colour planes stored separately (planar configuration 2) are not supported; save as interleaved RGB or greyscale.");
        }

        var bytesPerSample = bits / 8;
        var stored = width * height * samples * bytesPerSample;
        long declared = 0;
        var tiled = _tiff.IsTiled();
        var chunks = tiled ? _tiff.NumberOfTiles() : _tiff.NumberOfStrips();
        for (var i = 0; i < chunks; i++)
        {
            declared += tiled ? _tiff.RawTileSize(i) : _tiff.RawStripSize(i);
        }

        var compression = (Compression)_tiff.GetFieldDefaulted(TiffTag.COMPRESSION)[0].ToInt();
        if (declared > _fileLength || (compression == Compression.NONE && declared < stored))
        {
            throw Fail($"page {index + 1} is truncated: its data needs {Math.Max(declared, stored)} bytes but the file has {_fileLength}.");
        }

        return new PageLayout((int)width, (int)height, samples, format, bytesPerSample, tiled, photometric);
    }

    private byte[] ReadBytes(PageLayout page)
    {
        var rowBytes = page.Width * page.Samples * page.BytesPerSample;
        var result = new byte[(long)rowBytes * page.Height];
        TiffErrors.Take();
        if (page.Tiled)
        {
            ReadTiles(page, result, rowBytes);
        }
        else
        {
            var strips = _tiff.NumberOfStrips();
            var offset = 0L;
            var buffer = new byte[_tiff.StripSize()];
            for (var s = 0; s < strips && offset < result.Length; s++)
            {
                var read = _tiff.ReadEncodedStrip(s, buffer, 0, -1);
                if (read < 0)
                {
                    throw Fail($"strip {s} cannot be decoded ({Why("damaged or truncated data")}).");
                }

                var take = (int)Math.Min(read, result.Length - offset);
                Buffer.BlockCopy(buffer, 0, result, (int)offset, take);
                offset += take;
            }

            if (offset < result.Length)
            {
                throw Fail($"image data ends early: {offset} of {result.Length} bytes ({Why("truncated file")}).");
            }
        }

        return result;
    }

    private void ReadTiles(PageLayout page, byte[] result, int rowBytes)
    {
        var tileWidth = _tiff.GetField(TiffTag.TILEWIDTH)[0].ToInt();
        var tileHeight = _tiff.GetField(TiffTag.TILELENGTH)[0].ToInt();
        var pixelBytes = page.Samples * page.BytesPerSample;
        var buffer = new byte[_tiff.TileSize()];
        for (var ty = 0; ty < page.Height; ty += tileHeight)
        {
            for (var tx = 0; tx < page.Width; tx += tileWidth)
            {
                var tile = _tiff.ComputeTile(tx, ty, 0, 0);
                if (_tiff.ReadEncodedTile(tile, buffer, 0, -1) < 0)
                {
                    throw Fail($"tile at ({tx}, {ty}) cannot be decoded ({Why("damaged or truncated data")}).");
                }

                var rows = Math.Min(tileHeight, page.Height - ty);
                var cols = Math.Min(tileWidth, page.Width - tx);
                for (var r = 0; r < rows; r++)
                {
                    Buffer.BlockCopy(buffer, r * tileWidth * pixelBytes, result, ((ty + r) * rowBytes) + (tx * pixelBytes), cols * pixelBytes);
                }
            }
        }
    }

    private float[] ToGrey(PageLayout page, byte[] bytes)
    {
        var count = page.Width * page.Height;
        var pixels = GC.AllocateUninitializedArray<float>(count);
        var samples = page.Samples;
        switch (page.Format)
        {
            case SampleFormat.UInt8:
                Combine(bytes, samples, pixels);
                break;
            case SampleFormat.UInt16:
                Combine(MemoryMarshal.Cast<byte, ushort>(bytes), samples, pixels);
                break;
            default:
                Combine(MemoryMarshal.Cast<byte, float>(bytes), samples, pixels);
                break;
        }

        if (samples >= 3 && !_notes.Contains(ColourNote))
        {
            _notes.Add(ColourNote);
        }

        if (page.Photometric == Photometric.MINISWHITE && !_notes.Contains(InvertedNote))
        {
            _notes.Add(InvertedNote);
        }

        return pixels;
    }

    private const string ColourNote = "colour image converted to grey (0.299 R + 0.587 G + 0.114 B)";
    private const string InvertedNote = "photometric 'min-is-white': values kept as stored (high = dark)";

    private static void Combine<T>(ReadOnlySpan<T> source, int samples, float[] pixels)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (samples == 1)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = ToFloat(source[i]);
            }

            return;
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            var at = i * samples;
            pixels[i] = samples == 2
                ? ToFloat(source[at])
                : (0.299f * ToFloat(source[at])) + (0.587f * ToFloat(source[at + 1])) + (0.114f * ToFloat(source[at + 2]));
        }
    }

    private static float ToFloat<T>(T value)
        where T : unmanaged, System.Numerics.INumberBase<T> => float.CreateTruncating(value);

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

    private static string Name(TiffSampleFormat format) => format switch
    {
        TiffSampleFormat.UINT => "unsigned integer",
        TiffSampleFormat.INT => "signed integer",
        TiffSampleFormat.IEEEFP => "floating point",
        TiffSampleFormat.COMPLEXINT => "complex integer",
        TiffSampleFormat.COMPLEXIEEEFP => "complex floating point",
        _ => $"sample format {(int)format}",
    };

    private static string Why(string fallback)
    {
        var why = TiffErrors.Take();
        return why.Length > 0 ? why : fallback;
    }

    private ImageReadException Fail(string problem) => new(Path, problem);

    private sealed record PageLayout(int Width, int Height, int Samples, SampleFormat Format, int BytesPerSample, bool Tiled, Photometric Photometric);
}
