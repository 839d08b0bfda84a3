using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Tacs.Sdk.Frames;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;

namespace Tacs.Host.Imaging;

/// <summary>
/// Decodes the current LibTiff directory strip by strip (or tile by tile) straight into the grey float frame,
/// so reading a page holds the frame, one strip or tile and LibTiff's buffer for it, never a second copy of
/// the page. A strip that decodes short (LibTiff's "Not enough data" warning, or a failed read) is an error
/// naming page and row, or, when truncated files are allowed, zeros from that row with a warning.
/// </summary>
internal sealed class TiffPageDecoder(Tiff tiff, TiffPagePlan plan, int page, string path, bool allowTruncated)
{
    private readonly List<TiffMessage> _messages = [];

    /// <summary>LibTiff's messages while decoding, other than the ones that became the truncation.</summary>
    public IReadOnlyList<TiffMessage> Messages => _messages;

    /// <summary>Where the data ran short, when truncated files are allowed; null when the page was whole.</summary>
    public string? Truncation { get; private set; }

    private int PixelBytes => plan.Samples * plan.BytesPerSample;

    public float[] Decode()
    {
        // Every pixel is written by a decoded row, or zeroed by ShortData when a truncation is allowed.
        var pixels = GC.AllocateUninitializedArray<float>(plan.Width * plan.Height);
        if (plan.Tiled)
        {
            DecodeTiles(pixels);
        }
        else
        {
            DecodeStrips(pixels);
        }

        return pixels;
    }

    private void DecodeStrips(float[] pixels)
    {
        var rowBytes = plan.Width * PixelBytes;
        // LibTiff may cut one big uncompressed strip into pieces of about 8 KB; its own numbering is used here.
        var chopped = tiff.GetFieldDefaulted(TiffTag.ROWSPERSTRIP)?[0].ToLong() ?? 0;
        var rowsPerStrip = chopped >= 1 && chopped <= plan.Height ? (int)chopped : plan.ChunkHeight;
        var buffer = new byte[(long)rowsPerStrip * rowBytes];
        var strips = tiff.NumberOfStrips();
        for (var s = 0; s < strips; s++)
        {
            var row = (long)s * rowsPerStrip;
            if (row >= plan.Height)
            {
                break;
            }

            var rows = (int)Math.Min(rowsPerStrip, plan.Height - row);
            var expected = rows * rowBytes;
            TiffErrors.TakeAll();
            var read = tiff.ReadEncodedStrip(s, buffer, 0, expected);
            var got = Delivered(read, expected);
            var whole = got / rowBytes;
            for (var r = 0; r < whole; r++)
            {
                Convert(buffer.AsSpan(r * rowBytes, rowBytes), pixels.AsSpan((int)((row + r) * plan.Width), plan.Width));
            }

            if (whole < rows)
            {
                ShortData((int)row + whole, null);
                pixels.AsSpan((int)((row + whole) * plan.Width), (rows - whole) * plan.Width).Clear();
            }
        }

        // Fewer strips than the rows need (a damaged count): the rest of the page has no data.
        var covered = (int)Math.Min((long)strips * rowsPerStrip, plan.Height);
        if (covered < plan.Height)
        {
            _failure = $"the page has {strips} strips of {rowsPerStrip} rows";
            ShortData(covered, null);
            pixels.AsSpan(covered * plan.Width).Clear();
        }
    }

    private void DecodeTiles(float[] pixels)
    {
        var (tileWidth, tileHeight) = (plan.ChunkWidth, plan.ChunkHeight);
        var tileRowBytes = tileWidth * PixelBytes;
        var tileBytes = tileRowBytes * tileHeight;
        var buffer = new byte[tileBytes];
        for (var ty = 0; ty < plan.Height; ty += tileHeight)
        {
            for (var tx = 0; tx < plan.Width; tx += tileWidth)
            {
                TiffErrors.TakeAll();
                var read = tiff.ReadEncodedTile(tiff.ComputeTile(tx, ty, 0, 0), buffer, 0, tileBytes);
                var whole = Delivered(read, tileBytes) / tileRowBytes;
                var rows = Math.Min(tileHeight, plan.Height - ty);
                var cols = Math.Min(tileWidth, plan.Width - tx);
                for (var r = 0; r < Math.Min(whole, rows); r++)
                {
                    Convert(buffer.AsSpan(r * tileRowBytes, cols * PixelBytes), pixels.AsSpan(((ty + r) * plan.Width) + tx, cols));
                }

                if (whole < rows)
                {
                    ShortData(ty + whole, tx);
                    for (var r = Math.Max(whole, 0); r < rows; r++)
                    {
                        pixels.AsSpan(((ty + r) * plan.Width) + tx, cols).Clear();
                    }
                }
            }
        }
    }

    /// <summary>Bytes LibTiff really decoded: less than it returned when a decoder warned it ran out of data.</summary>
    private int Delivered(int read, int expected)
    {
        var messages = TiffErrors.TakeAll();
        var delivered = read < 0 ? 0 : Math.Min(read, expected);
        foreach (var message in messages)
        {
            if (message.ShortBytes is long missing && missing > 0)
            {
                delivered = (int)Math.Clamp(expected - missing, 0, delivered);
            }
            else if (!message.IsError || read >= 0)
            {
                _messages.Add(message);
            }
        }

        _failure = read < 0 ? string.Join("; ", messages.Where(m => m.IsError).Select(m => m.Text).Distinct()) : null;
        return delivered;
    }

    private string? _failure;

    /// <summary>Handles data that ran short at a row: throws, or (truncated files allowed) records it; the rest stays zero.</summary>
    private void ShortData(int row, int? column)
    {
        var where = column is int c ? $"the tile at row {row}, column {c}" : $"row {row}";
        var why = string.IsNullOrEmpty(_failure) ? "the compressed data ends early" : _failure;
        var problem = $"page {page} is truncated from {where} ({why})";
        if (!allowTruncated)
        {
            throw new ImageReadException(path, $"{problem}. Re-copy the file; to read what is there, allow truncated files (--allow-truncated).");
        }

        Truncation ??= problem;
    }

    private void Convert(ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (plan.Format)
        {
            case SampleFormat.UInt8:
                Combine(source, plan.Samples, destination);
                break;
            case SampleFormat.UInt16:
                Combine(MemoryMarshal.Cast<byte, ushort>(source), plan.Samples, destination);
                break;
            default:
                Combine(MemoryMarshal.Cast<byte, float>(source), plan.Samples, destination);
                break;
        }
    }

    private static void Combine<T>(ReadOnlySpan<T> source, int samples, Span<float> pixels)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (samples == 1)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = float.CreateTruncating(source[i]);
            }

            return;
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            var at = i * samples;
            pixels[i] = samples == 2
                ? float.CreateTruncating(source[at])
                : (0.299f * float.CreateTruncating(source[at])) + (0.587f * float.CreateTruncating(source[at + 1])) + (0.114f * float.CreateTruncating(source[at + 2]));
        }
    }
}
