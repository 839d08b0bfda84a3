using System.Buffers.Binary;

namespace Tacs.Fuzz;

/// <summary>
/// Damages a valid TIFF in the ways real and hostile files are damaged: random byte flips, truncation,
/// extreme values written into directory entries (counts, offsets, sizes, types), and directory chains made
/// to loop. It locates the directories itself (classic TIFF and BigTIFF, both byte orders), so most mutations
/// land in the header, where a reader is most easily misled, rather than in pixel data. Deterministic for a
/// given seed.
/// </summary>
internal sealed class TiffMutator(int seed)
{
    private static readonly long[] Extremes =
    [
        0, 1, 2, 3, 7, 8, 15, 16, 255, 256, 4095, 4096, 16384, 32767, 32768, 65535, 65536, 1 << 20, 536_870_924,
        int.MaxValue, 0x8000_0000, uint.MaxValue - 1, uint.MaxValue,
    ];

    private readonly Random _random = new(seed);

    /// <summary>The kinds of damage, for the outcome table.</summary>
    public static readonly string[] Kinds = ["flip", "data", "truncate", "field", "loop", "mixed"];

    /// <summary>A damaged copy of <paramref name="original"/> and the kind of damage done.</summary>
    public (byte[] Bytes, string Kind) Mutate(byte[] original)
    {
        var bytes = (byte[])original.Clone();
        var kind = Kinds[_random.Next(Kinds.Length)];
        switch (kind)
        {
            case "flip":
                Flip(bytes, 1 + _random.Next(8));
                return (bytes, kind);
            case "data":
                // Anywhere past the header, mostly pixel data: this is what exercises the decoders.
                for (var i = 1 + _random.Next(16); i > 0 && bytes.Length > 16; i--)
                {
                    bytes[16 + _random.Next(bytes.Length - 16)] ^= (byte)(1 << _random.Next(8));
                }

                return (bytes, kind);
            case "truncate":
                return (bytes[..Math.Max(0, _random.Next(bytes.Length))], kind);
            case "field":
                for (var i = 1 + _random.Next(3); i > 0; i--)
                {
                    ExtremeField(bytes);
                }

                return (bytes, kind);
            case "loop":
                Loop(bytes);
                return (bytes, kind);
            default:
                ExtremeField(bytes);
                Flip(bytes, 1 + _random.Next(4));
                if (_random.Next(3) == 0)
                {
                    Loop(bytes);
                }

                return (_random.Next(4) == 0 ? bytes[..Math.Max(8, bytes.Length - _random.Next(bytes.Length / 2))] : bytes, kind);
        }
    }

    private void Flip(byte[] bytes, int count)
    {
        var layout = Layout.Find(bytes);
        var entries = layout.Entries;
        for (var i = 0; i < count && bytes.Length > 0; i++)
        {
            // Three flips in four hit a directory entry, the rest anywhere in the file.
            var at = entries.Count > 0 && _random.Next(4) != 0
                ? entries[_random.Next(entries.Count)].At + _random.Next(layout.EntrySize)
                : _random.Next(bytes.Length);
            if (at < bytes.Length)
            {
                bytes[at] ^= (byte)(1 << _random.Next(8));
            }
        }
    }

    private void ExtremeField(byte[] bytes)
    {
        var layout = Layout.Find(bytes);
        if (layout.Entries.Count == 0)
        {
            Flip(bytes, 2);
            return;
        }

        var entry = layout.Entries[_random.Next(layout.Entries.Count)];
        var value = _random.Next(5) == 0 ? (long)(uint)_random.Next() : Extremes[_random.Next(Extremes.Length)];
        if (_random.Next(6) == 0)
        {
            value = bytes.Length + _random.Next(-16, 16);
        }

        var wide = layout.BigTiff ? 8 : 4;
        switch (_random.Next(4))
        {
            case 0: // the count
                layout.Write(bytes, entry.At + 4, wide, value);
                break;
            case 1: // the field type
                layout.Write(bytes, entry.At + 2, 2, _random.Next(20));
                break;
            default: // the value, or the offset of the values
                layout.Write(bytes, entry.At + 4 + wide, wide, value);
                break;
        }
    }

    private void Loop(byte[] bytes)
    {
        var layout = Layout.Find(bytes);
        if (layout.Directories.Count == 0)
        {
            return;
        }

        // The last directory points back to an earlier one (or itself), or a middle one to the first.
        var from = layout.Directories[_random.Next(layout.Directories.Count)];
        var to = layout.Directories[_random.Next(layout.Directories.IndexOf(from) + 1)];
        layout.Write(bytes, from.NextAt, layout.BigTiff ? 8 : 4, to.Offset);
    }

    private sealed record Entry(int At);

    private sealed record Directory(long Offset, int NextAt);

    /// <summary>Where the directories and their entries are in a (still valid enough) TIFF.</summary>
    private sealed class Layout
    {
        public bool BigEndian { get; private init; }

        public bool BigTiff { get; private init; }

        public int EntrySize => BigTiff ? 20 : 12;

        public List<Entry> Entries { get; } = [];

        public List<Directory> Directories { get; } = [];

        public static Layout Find(byte[] b)
        {
            if (b.Length < 16 || !((b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M')))
            {
                return new Layout();
            }

            var layout = new Layout { BigEndian = b[0] == 'M', BigTiff = b[2] == 43 || b[3] == 43 };
            var next = layout.Read(b, layout.BigTiff ? 8 : 4, layout.BigTiff ? 8 : 4);
            var countSize = layout.BigTiff ? 8 : 2;
            while (next > 0 && next + countSize <= b.Length && layout.Directories.Count < 10_000 && layout.Directories.All(d => d.Offset != next))
            {
                var count = layout.Read(b, (int)next, countSize);
                var first = (int)next + countSize;
                var nextAt = first + (int)Math.Min(count * layout.EntrySize, int.MaxValue / 2);
                if (count is <= 0 or > 4096 || nextAt + (layout.BigTiff ? 8 : 4) > b.Length)
                {
                    break;
                }

                for (var i = 0; i < count; i++)
                {
                    layout.Entries.Add(new Entry(first + (i * layout.EntrySize)));
                }

                layout.Directories.Add(new Directory(next, nextAt));
                next = layout.Read(b, nextAt, layout.BigTiff ? 8 : 4);
            }

            return layout;
        }

        public void Write(byte[] b, int at, int size, long value)
        {
            if (at < 0 || at + size > b.Length)
            {
                return;
            }

            var span = b.AsSpan(at, size);
            switch (size, BigEndian)
            {
                case (2, false): BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
                case (2, true): BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); break;
                case (4, false): BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
                case (4, true): BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value); break;
                case (_, false): BinaryPrimitives.WriteInt64LittleEndian(span, value); break;
                default: BinaryPrimitives.WriteInt64BigEndian(span, value); break;
            }
        }

        private long Read(byte[] b, long at, int size)
        {
            if (at < 0 || at + size > b.Length)
            {
                return 0;
            }

            var span = b.AsSpan((int)at, size);
            return (size, BigEndian) switch
            {
                (2, false) => BinaryPrimitives.ReadUInt16LittleEndian(span),
                (2, true) => BinaryPrimitives.ReadUInt16BigEndian(span),
                (4, false) => BinaryPrimitives.ReadUInt32LittleEndian(span),
                (4, true) => BinaryPrimitives.ReadUInt32BigEndian(span),
                (_, false) => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(span), int.MaxValue),
                _ => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(span), int.MaxValue),
            };
        }
    }
}
