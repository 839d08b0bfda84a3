using System.Text;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>Where a page's stored data falls short: the chunk (strip or tile), its first row, and why.</summary>
internal sealed record TiffGap(int Chunk, int Row, int Column, string Reason);

/// <summary>A page as its directory describes it, after every number in it was checked.</summary>
internal sealed record TiffPagePlan(
    int Width,
    int Height,
    int Samples,
    SampleFormat Format,
    int BytesPerSample,
    bool Tiled,
    int ChunkWidth,
    int ChunkHeight,
    bool MinIsWhite,
    long DecodedBytes,
    IReadOnlyList<TiffGap> Gaps,
    string? Description,
    double? XResolution,
    IReadOnlyList<long> Hidden,
    IReadOnlyList<string> Ignored);

/// <summary>
/// Checks one page directory, read by <see cref="TiffStructure"/>, before LibTiff sees it: sizes against the
/// read limits, every field's values inside the file, metadata within its budget, the number of strips or tiles
/// in proportion to the page, and each strip's stored bytes against what its rows need (a strip that cannot
/// hold its rows, even at the codec's highest possible compression ratio, is truncated). This is what bounds
/// the memory LibTiff allocates for any file.
/// </summary>
internal static class TiffPageCheck
{
    /// <summary>Strip or tile tables cost LibTiff 16 bytes per chunk and tacs's check 32 while it runs: a page may
    /// have this many chunks (12 MiB of tables), plus one per 256 bytes of its decoded size.</summary>
    public const long ExtraChunksAllowed = 1 << 18;

    /// <summary>Fields tacs reads itself to size and decode the page; a damaged one makes the page unreadable.
    /// Any other field that is damaged or over the metadata budget is hidden from LibTiff and reported.</summary>
    private static readonly HashSet<ushort> Essential = [256, 257, 258, 259, 262, 273, 277, 278, 279, 284, 322, 323, 324, 325, 339, 32997, 32998];

    public static TiffPagePlan Check(TiffStructure file, long directory, int page, string path, ImageReadOptions options)
    {
        var entries = file.ReadEntries(directory, page);
        var tags = new Dictionary<ushort, TiffEntry>();
        var hidden = new List<long>();
        var ignored = new List<string>();
        foreach (var e in entries)
        {
            if (!e.Inline && e.ValueOffset > file.Length - Math.Min(e.ByteCount, file.Length))
            {
                if (Essential.Contains(e.Tag))
                {
                    throw Fail(path, $"page {page}'s field {e.Tag} claims {e.Count} values ({e.ByteCount} bytes) at byte {e.ValueOffset}, beyond the end of the file ({file.Length} bytes); the file is truncated or damaged.");
                }

                // A damaged metadata field must not cost the pixels: LibTiff is shown the entry as ignorable.
                hidden.Add(e.EntryAt);
                ignored.Add($"field {e.Tag} ignored: it claims {e.Count} values at byte {e.ValueOffset}, beyond the end of the file");
                continue;
            }

            tags.TryAdd(e.Tag, e);
        }

        // Metadata over its budget: the largest fields are ignored until the rest fits.
        var metadata = entries.Where(e => !e.Inline && !Essential.Contains(e.Tag) && !hidden.Contains(e.EntryAt)).OrderByDescending(e => e.ByteCount).ToList();
        var total = metadata.Sum(e => e.ByteCount);
        foreach (var e in metadata.TakeWhile(_ => total > options.MaxMetadataBytes))
        {
            total -= e.ByteCount;
            hidden.Add(e.EntryAt);
            tags.Remove(e.Tag);
            ignored.Add($"field {e.Tag} ignored: its {e.ByteCount / 1e6:F1} MB would take the page's metadata above the limit of {options.MaxMetadataBytes / 1e6:F1} MB");
        }

        long One(ushort tag, long fallback, string name) => tags.TryGetValue(tag, out var e) ? file.ReadIntegers(e with { Count = Math.Min(e.Count, 1) }, page, name) is [var v, ..] ? v : fallback : fallback;

        var width = One(256, 0, "ImageWidth");
        var height = One(257, 0, "ImageLength");
        if (width <= 0 || height <= 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Fail(path, $"page {page} has an impossible size {width}×{height}; the header is damaged.");
        }

        if (width * height > options.MaxPixelsPerPage)
        {
            throw Fail(path, $"page {page} claims {width}×{height} pixels ({width * height / 1e6:F0} Mpx), above the limit of {options.MaxPixelsPerPage / 1e6:F0} Mpx per page. The header is corrupt, or the image must be tiled before processing.");
        }

        var samples = One(277, 1, "SamplesPerPixel");
        var bits = One(258, 1, "BitsPerSample");
        var sampleFormat = One(339, 1, "SampleFormat");
        var photometric = One(262, 1, "PhotometricInterpretation");
        var planar = One(284, 1, "PlanarConfiguration");
        var compression = One(259, 1, "Compression");
        var format = (sampleFormat, bits) switch
        {
            (1, 8) => SampleFormat.UInt8,
            (1, 16) => SampleFormat.UInt16,
            (3, 32) => SampleFormat.Float32,
            _ => throw Fail(path, $"unsupported sample format: {bits}-bit {SampleFormatName(sampleFormat)}. tacs reads 8- and 16-bit unsigned integers and 32-bit floats; convert the image (in Fiji: Image > Type)."),
        };

        if (compression is not (1 or 5 or 8 or 32946 or 32773))
        {
            throw Fail(path, $"page {page} uses TIFF compression {compression}, which tacs does not read; tacs reads uncompressed, LZW, Deflate and PackBits files (save again with one of these).");
        }

        if (photometric == 3)
        {
            throw Fail(path, "palette (indexed colour) images are not supported; convert to greyscale first.");
        }

        if (photometric is not (0 or 1 or 2))
        {
            throw Fail(path, $"page {page} uses photometric interpretation {photometric}; tacs reads greyscale and RGB(A) images.");
        }

        if (samples is < 1 or > 4)
        {
            throw Fail(path, $"{samples} samples per pixel are not supported (1 grey, or 3–4 for RGB/RGBA).");
        }

        if (samples > 1 && planar == 2)
        {
            throw Fail(path, "colour planes stored separately (planar configuration 2) are not supported; save as interleaved RGB or greyscale.");
        }

        if (One(32997, 1, "ImageDepth") != 1 || One(32998, 1, "TileDepth") != 1)
        {
            throw Fail(path, $"page {page} is a 3-D (ImageDepth/TileDepth) image, which tacs does not read; save the volume as a stack of 2-D pages.");
        }

        var bytesPerSample = (int)(bits / 8);
        var pixelBytes = (int)samples * bytesPerSample;
        var decoded = width * height * pixelBytes;
        if (decoded > Array.MaxLength)
        {
            throw Fail(path, $"page {page} is {width}×{height} with {samples} samples of {bits} bits: {decoded / 1e9:F1} GB, more than one page may hold (2 GB).");
        }

        var tiled = tags.ContainsKey(322) || tags.ContainsKey(324);
        var (chunkWidth, chunkHeight) = tiled
            ? (One(322, 0, "TileWidth"), One(323, 0, "TileLength"))
            : (width, Math.Clamp(One(278, uint.MaxValue, "RowsPerStrip"), 0, height));
        if (chunkWidth <= 0 || chunkHeight <= 0 || chunkWidth * chunkHeight * pixelBytes > decoded + (16 << 20))
        {
            throw Fail(path, $"page {page} has {(tiled ? "tiles" : "strips")} of an impossible size {chunkWidth}×{chunkHeight}; the header is damaged.");
        }

        var across = (width + chunkWidth - 1) / chunkWidth;
        var down = (height + chunkHeight - 1) / chunkHeight;
        var chunks = across * down;
        if (chunks > ExtraChunksAllowed + (Math.Max(decoded, width * height * sizeof(float)) / 256))
        {
            throw Fail(path, $"page {page} is cut into {chunks} {(tiled ? "tiles" : "strips")}, far more than a {width}×{height} page needs; the header is damaged.");
        }

        var kind = tiled ? "tile" : "strip";
        var offsets = Table(file, tags, tiled ? (ushort)324 : (ushort)273, chunks, page, path, kind + " offsets");
        var counts = Table(file, tags, tiled ? (ushort)325 : (ushort)279, chunks, page, path, kind + " byte counts");
        var ratio = MaxCompressionRatio(compression);
        var gaps = new List<TiffGap>();
        for (var i = 0; i < chunks; i++)
        {
            var (row, column) = ((int)(i / across * chunkHeight), (int)(i % across * chunkWidth));
            var rows = tiled ? chunkHeight : Math.Min(chunkHeight, height - row);
            var need = (tiled ? chunkWidth : width) * rows * pixelBytes;
            var (at, stored) = (offsets[i], counts[i]);
            string? reason = null;
            if (stored <= 0 || at <= 0)
            {
                reason = "has no stored data";
            }
            else if (at > file.Length - Math.Min(stored, file.Length))
            {
                reason = $"lies beyond the end of the file (bytes {at}–{at + stored} of {file.Length}): the file is truncated";
            }
            else if (stored > (2 * need) + 4096)
            {
                throw Fail(path, $"page {page}'s {kind} {i} claims {stored} bytes for {need} bytes of pixels; the header is damaged.");
            }
            else if (stored * ratio < need)
            {
                reason = $"holds {stored} bytes, too few for its {need} bytes of pixels even at the highest ratio {CompressionName(compression)} can reach: the data is cut short";
            }

            if (reason is not null)
            {
                gaps.Add(new TiffGap((int)i, row, column, reason));
            }
        }

        string? description = null;
        if (tags.TryGetValue(270, out var text) && text.Type == 2)
        {
            description = Encoding.UTF8.GetString(file.ReadRaw(text, page, "ImageDescription")).TrimEnd('\0');
        }

        var xResolution = tags.TryGetValue(282, out var res) ? file.ReadRational(res, page, "XResolution") : null;
        return new TiffPagePlan((int)width, (int)height, (int)samples, format, bytesPerSample, tiled, (int)chunkWidth, (int)chunkHeight,
            photometric == 0, decoded, gaps, description, xResolution, hidden, ignored);
    }

    /// <summary>Highest decoded:stored ratio a codec can reach, with margin; 1 for uncompressed data.</summary>
    private static long MaxCompressionRatio(long compression) => compression switch
    {
        1 => 1,
        32773 => 65, // PackBits: 2 bytes expand to at most 128.
        8 or 32946 => 1100, // Deflate: at most 258 bytes per 2 bits, 1032:1.
        5 => 3700, // LZW: codes of at least 9 bits, each at most 4096 bytes, about 3641:1.
        _ => 10_000,
    };

    private static string CompressionName(long compression) => compression switch
    {
        1 => "uncompressed data",
        5 => "LZW",
        8 or 32946 => "Deflate",
        32773 => "PackBits",
        _ => $"compression {compression}",
    };

    private static long[] Table(TiffStructure file, Dictionary<ushort, TiffEntry> tags, ushort tag, long chunks, int page, string path, string name)
    {
        if (!tags.TryGetValue(tag, out var entry))
        {
            throw Fail(path, $"page {page} has no {name} (a required TIFF field); the file is damaged.");
        }

        if (entry.Count < chunks)
        {
            throw Fail(path, $"page {page} lists {entry.Count} {name} but its size needs {chunks}; the file is damaged.");
        }

        return file.ReadIntegers(entry with { Count = chunks }, page, name);
    }

    private static string SampleFormatName(long format) => format switch
    {
        1 => "unsigned integer",
        2 => "signed integer",
        3 => "floating point",
        5 => "complex integer",
        6 => "complex floating point",
        _ => $"sample format {format}",
    };

    private static ImageReadException Fail(string path, string problem) => new(path, problem);
}
