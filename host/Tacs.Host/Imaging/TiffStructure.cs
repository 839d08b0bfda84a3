using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Tacs.Host.Imaging;

/// <summary>One directory entry as stored: tag, field type, value count and where the values are.</summary>
internal readonly record struct TiffEntry(ushort Tag, ushort Type, long Count, long ValueOffset, bool Inline, long EntryAt = 0)
{
    /// <summary>Bytes of one value of this field type; unknown types count as 8 (the largest) so bounds stay safe.</summary>
    public int TypeSize => Type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        _ => 8,
    };

    /// <summary>Bytes of all values, saturating instead of overflowing.</summary>
    public long ByteCount => Count > long.MaxValue / 8 ? long.MaxValue : Count * TypeSize;
}

/// <summary>
/// Reads the skeleton of a TIFF file itself — header, the chain of image directories (IFDs) and their entries —
/// for classic TIFF and BigTIFF in either byte order, without trusting any count or offset: every directory must
/// lie inside the file, the chain must not loop, and nothing is allocated in proportion to a stored number
/// before that number has been checked against the file's length. LibTiff reads a directory only after it
/// has passed these checks (see <see cref="TiffPageCheck"/>).
/// </summary>
internal sealed class TiffStructure
{
    /// <summary>A directory with more entries than this is not an image directory (real ones hold 10–40).</summary>
    public const int MaxEntriesPerDirectory = 1024;

    private readonly SafeFileHandle _file;
    private readonly string _path;

    private TiffStructure(SafeFileHandle file, string path, long length, bool bigEndian, bool bigTiff)
    {
        _file = file;
        _path = path;
        Length = length;
        BigEndian = bigEndian;
        BigTiff = bigTiff;
    }

    /// <summary>Length of the file (of the target, when the path is a symbolic link).</summary>
    public long Length { get; }

    public bool BigEndian { get; }

    public bool BigTiff { get; }

    /// <summary>File offsets of the page directories, in chain order.</summary>
    public List<long> Pages { get; } = [];

    /// <summary>Why the chain ended early (the file is cut short), or null when it ended normally.</summary>
    public string? ChainBroken { get; private set; }

    private int OffsetSize => BigTiff ? 8 : 4;

    private int EntrySize => BigTiff ? 20 : 12;

    private int CountSize => BigTiff ? 8 : 2;

    /// <summary>Reads the header and walks the directory chain.</summary>
    /// <exception cref="ImageReadException">Not a TIFF file, or a chain that loops or points outside the file.</exception>
    public static TiffStructure Read(SafeFileHandle file, string path)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[16];
        var got = RandomAccess.Read(file, header, 0);
        if (got < 8 || !((header[0] == 'I' && header[1] == 'I') || (header[0] == 'M' && header[1] == 'M')))
        {
            throw new ImageReadException(path, got < 8 ? $"not a readable TIFF file (only {length} bytes long)." : "not a readable TIFF file (it does not start with the TIFF signature II or MM).");
        }

        var bigEndian = header[0] == 'M';
        var version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(header[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        if (version is not (42 or 43))
        {
            throw new ImageReadException(path, $"not a readable TIFF file (version {version}; TIFF is 42 and BigTIFF 43).");
        }

        var structure = new TiffStructure(file, path, length, bigEndian, version == 43);
        if (structure.BigTiff && (got < 16 || structure.U16(header[4..]) != 8))
        {
            throw new ImageReadException(path, "not a readable TIFF file (damaged BigTIFF header).");
        }

        structure.WalkChain(structure.BigTiff ? (long)Math.Min(structure.U64(header[8..]), long.MaxValue) : structure.U32(header[4..]));
        return structure;
    }

    /// <summary>Reads one directory's entries.</summary>
    /// <param name="offset">Its file offset (one of <see cref="Pages"/>).</param>
    /// <param name="page">1-based page number, for messages.</param>
    public IReadOnlyList<TiffEntry> ReadEntries(long offset, int page)
    {
        var count = EntryCount(offset, page);
        var bytes = new byte[count * EntrySize];
        ReadExactly(bytes, offset + CountSize, $"page {page}'s directory");
        var entries = new List<TiffEntry>(count);
        var inlineSize = OffsetSize;
        for (var i = 0; i < count; i++)
        {
            var e = bytes.AsSpan(i * EntrySize, EntrySize);
            var tag = U16(e);
            var type = U16(e[2..]);
            var n = BigTiff ? (long)Math.Min(U64(e[4..]), long.MaxValue) : U32(e[4..]);
            var valueField = e[(BigTiff ? 12 : 8)..];
            var entry = new TiffEntry(tag, type, n, 0, false);
            var inline = entry.ByteCount <= inlineSize;
            var at = inline ? offset + CountSize + (i * EntrySize) + (BigTiff ? 12 : 8) : (BigTiff ? (long)Math.Min(U64(valueField), long.MaxValue) : U32(valueField));
            entries.Add(entry with { ValueOffset = at, Inline = inline, EntryAt = offset + CountSize + ((long)i * EntrySize) });
        }

        return entries;
    }

    /// <summary>The values of an integer field (BYTE, SHORT, LONG, LONG8 and their signed forms) as longs.</summary>
    /// <exception cref="ImageReadException">Not an integer type, or the values lie outside the file.</exception>
    public long[] ReadIntegers(TiffEntry entry, int page, string name)
    {
        if (entry.Type is not (1 or 3 or 4 or 6 or 8 or 9 or 16 or 17 or 13 or 18))
        {
            throw new ImageReadException(_path, $"page {page} has a damaged {name} field (type {entry.Type} is not an integer type).");
        }

        var bytes = ReadRaw(entry, page, name);
        var values = new long[entry.Count];
        var size = entry.TypeSize;
        for (var i = 0; i < values.Length; i++)
        {
            var v = bytes.AsSpan(i * size, size);
            values[i] = entry.Type switch
            {
                1 => v[0],
                6 => (sbyte)v[0],
                3 => U16(v),
                8 => (short)U16(v),
                4 or 13 => U32(v),
                9 => (int)U32(v),
                17 => (long)U64(v),
                _ => (long)Math.Min(U64(v), long.MaxValue),
            };
        }

        return values;
    }

    /// <summary>The stored bytes of a field's values (byte order not applied).</summary>
    /// <exception cref="ImageReadException">The values lie outside the file.</exception>
    public byte[] ReadRaw(TiffEntry entry, int page, string name)
    {
        if (entry.ValueOffset < 0 || entry.ByteCount > Length - entry.ValueOffset || entry.ByteCount > Array.MaxLength)
        {
            throw new ImageReadException(_path, $"page {page}'s {name} field claims {entry.Count} values at byte {entry.ValueOffset}, more than the file ({Length} bytes) holds; the file is truncated or damaged.");
        }

        var bytes = new byte[entry.ByteCount];
        ReadExactly(bytes, entry.ValueOffset, $"page {page}'s {name} field");
        return bytes;
    }

    /// <summary>A RATIONAL field's first value, or null when it is not a valid positive rational.</summary>
    public double? ReadRational(TiffEntry entry, int page, string name)
    {
        if (entry.Type != 5 || entry.Count < 1)
        {
            return null;
        }

        var bytes = ReadRaw(entry with { Count = 1 }, page, name);
        var denominator = U32(bytes.AsSpan(4));
        return denominator == 0 ? null : (double)U32(bytes) / denominator;
    }

    private void WalkChain(long first)
    {
        // Every directory takes at least its count, one entry and the next offset, so a file cannot hold more
        // directories than this; a chain that seems longer overlaps itself.
        var minimum = CountSize + EntrySize + OffsetSize;
        var possible = Length / minimum;
        var seen = new HashSet<long>();
        var next = first;
        Span<byte> link = stackalloc byte[8];
        while (next != 0)
        {
            var page = Pages.Count + 1;
            if (next < 8 || next > Length - minimum)
            {
                if (Pages.Count == 0)
                {
                    throw new ImageReadException(_path, $"not a readable TIFF file (its first directory would be at byte {next}, but the file has {Length} bytes; it is truncated or damaged).");
                }

                ChainBroken = $"the file is truncated or damaged after page {Pages.Count}: page {page}'s directory would be at byte {next}, but the file has {Length} bytes";
                return;
            }

            if (!seen.Add(next) || Pages.Count >= possible)
            {
                throw new ImageReadException(_path, $"the chain of page directories loops back (page {page} points to byte {next}, already used); the file is damaged.");
            }

            var count = EntryCount(next, page);
            Pages.Add(next);
            ReadExactly(link[..OffsetSize], next + CountSize + ((long)count * EntrySize), $"page {page}'s directory");
            next = BigTiff ? (long)Math.Min(U64(link), long.MaxValue) : U32(link);
        }
    }

    private int EntryCount(long offset, int page)
    {
        Span<byte> raw = stackalloc byte[8];
        ReadExactly(raw[..CountSize], offset, $"page {page}'s directory");
        var count = BigTiff ? U64(raw) : U16(raw);
        if (count == 0 || count > MaxEntriesPerDirectory)
        {
            throw new ImageReadException(_path, $"page {page}'s directory is damaged: it claims {count} entries (an image directory has 1 to {MaxEntriesPerDirectory}).");
        }

        if (offset + CountSize + ((long)count * EntrySize) + OffsetSize > Length)
        {
            throw new ImageReadException(_path, $"page {page}'s directory is truncated: its {count} entries run past the end of the file ({Length} bytes).");
        }

        return (int)count;
    }

    private void ReadExactly(Span<byte> into, long offset, string what)
    {
        if (offset < 0 || offset > Length - into.Length)
        {
            throw new ImageReadException(_path, $"{what} lies beyond the end of the file (bytes {offset}–{offset + into.Length} of {Length}); the file is truncated or damaged.");
        }

        var done = 0;
        while (done < into.Length)
        {
            var read = RandomAccess.Read(_file, into[done..], offset + done);
            if (read <= 0)
            {
                throw new ImageReadException(_path, $"{what} could not be read: the file ended at byte {offset + done}.");
            }

            done += read;
        }
    }

    private ushort U16(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private uint U32(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ulong U64(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
}
