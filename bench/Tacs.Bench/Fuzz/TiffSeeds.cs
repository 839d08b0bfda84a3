using BitMiracle.LibTiff.Classic;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;

namespace Tacs.Fuzz;

/// <summary>
/// The seed corpus of the TIFF fuzzer, generated rather than stored: small valid files written by tacs's own
/// writer (8/16-bit, float32, stacks, tiles, LZW/Deflate/PackBits, big-endian, BigTIFF) and by LibTiff directly
/// (RGB, one large uncompressed strip, min-is-white, private tags, an ImageJ description with provenance).
/// Shared by the short fuzz test (tests/Tacs.Tests) and the long run (tacs-bench fuzz).
/// </summary>
internal static class TiffSeeds
{
    /// <summary>Writes every seed into <paramref name="folder"/> and returns name and bytes of each.</summary>
    public static List<(string Name, byte[] Bytes)> Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var seeds = new List<(string, byte[])>();
        void Ours(string name, SampleFormat format, int pages, TiffWriteOptions options, int width = 40, int height = 23)
        {
            var path = Path.Combine(folder, name + ".tif");
            using (var writer = new TiffStackWriter(path, pages, options))
            {
                for (var p = 0; p < pages; p++)
                {
                    writer.Write(Frame(width, height, format, p));
                }

                writer.Complete(overwrite: true);
            }

            seeds.Add((name, File.ReadAllBytes(path)));
        }

        var bigTiff = 1L;
        Ours("u8-none", SampleFormat.UInt8, 1, new TiffWriteOptions());
        Ours("u16-lzw", SampleFormat.UInt16, 1, new TiffWriteOptions { Compression = TiffCompression.Lzw });
        Ours("f32-deflate", SampleFormat.Float32, 1, new TiffWriteOptions { Compression = TiffCompression.Deflate });
        Ours("u16-packbits", SampleFormat.UInt16, 1, new TiffWriteOptions { Compression = TiffCompression.PackBits });
        Ours("u16-stack3-lzw", SampleFormat.UInt16, 3, new TiffWriteOptions { Compression = TiffCompression.Lzw });
        Ours("u8-stack4-none", SampleFormat.UInt8, 4, new TiffWriteOptions(), 17, 9);
        Ours("u16-tiled-deflate", SampleFormat.UInt16, 1, new TiffWriteOptions { Compression = TiffCompression.Deflate, TileSize = 16 });
        Ours("f32-tiled-none-be", SampleFormat.Float32, 2, new TiffWriteOptions { BigEndian = true, TileSize = 16 });
        Ours("u16-lzw-be", SampleFormat.UInt16, 2, new TiffWriteOptions { Compression = TiffCompression.Lzw, BigEndian = true });
        Ours("u8-packbits-be", SampleFormat.UInt8, 1, new TiffWriteOptions { Compression = TiffCompression.PackBits, BigEndian = true });
        Ours("u16-bigtiff-stack3", SampleFormat.UInt16, 3, new TiffWriteOptions { BigTiffAbove = bigTiff });
        Ours("f32-bigtiff-lzw", SampleFormat.Float32, 2, new TiffWriteOptions { BigTiffAbove = bigTiff, Compression = TiffCompression.Lzw });
        Ours("u16-manystrips-deflate", SampleFormat.UInt16, 1, new TiffWriteOptions { Compression = TiffCompression.Deflate }, 300, 260);

        seeds.Add(Direct(folder, "rgb8-lzw", 24, 13, 8, 3, Photometric.RGB, Compression.LZW, rowsPerStrip: 4));
        seeds.Add(Direct(folder, "u8-onestrip-none", 200, 90, 8, 1, Photometric.MINISBLACK, Compression.NONE, rowsPerStrip: 90));
        seeds.Add(Direct(folder, "u16-miniswhite-packbits", 31, 7, 16, 1, Photometric.MINISWHITE, Compression.PACKBITS, rowsPerStrip: 3));
        seeds.Add(Direct(folder, "rgba16-deflate-be", 12, 10, 16, 4, Photometric.RGB, Compression.DEFLATE, rowsPerStrip: 5, bigEndian: true));
        seeds.Add(Direct(folder, "u8-imagej-provenance", 16, 16, 8, 1, Photometric.MINISBLACK, Compression.NONE, rowsPerStrip: 16,
            description: "ImageJ=1.54f\nunit=micron\nmin=0\nmax=255\ntacs.provenance=[{\"PluginId\":\"denoise.gaussian\",\"PluginVersion\":\"1.0.0\",\"Parameters\":{\"sigma\":\"1.5\"},\"Notes\":{},\"At\":\"2026-01-01T00:00:00+00:00\"}]\n"));
        seeds.Add(("u16-bigtiff-be-raw", BigEndianBigTiff(Path.Combine(folder, "u16-bigtiff-be-raw.tif"), 9, 5)));
        return seeds;
    }

    /// <summary>A big-endian BigTIFF written byte by byte (LibTiff.NET cannot write one): one uncompressed
    /// 16-bit page, its directory first, then its pixels (value = 100 × row + column).</summary>
    public static byte[] BigEndianBigTiff(string path, int width, int height)
    {
        var entries = new (ushort Tag, ushort Type, long Value)[]
        {
            (256, 3, width), (257, 3, height), (258, 3, 16), (259, 3, 1), (262, 3, 1), (273, 16, 0), (277, 3, 1),
            (278, 3, height), (279, 16, width * height * 2),
        };
        var data = 16 + 8 + (entries.Length * 20) + 8;
        using var stream = new MemoryStream();
        void Write(long value, int size)
        {
            for (var i = size - 1; i >= 0; i--)
            {
                stream.WriteByte((byte)(value >> (8 * i)));
            }
        }

        stream.Write("MM"u8);
        Write(43, 2);
        Write(8, 2);
        Write(0, 2);
        Write(16, 8);
        Write(entries.Length, 8);
        foreach (var (tag, type, value) in entries)
        {
            Write(tag, 2);
            Write(type, 2);
            Write(1, 8);
            // A SHORT value sits left-aligned in the 8-byte field.
            if (type == 3)
            {
                Write(value, 2);
                Write(0, 6);
            }
            else
            {
                Write(tag == 273 ? data : value, 8);
            }
        }

        Write(0, 8);
        for (var i = 0; i < width * height; i++)
        {
            Write(((i / width) * 100) + (i % width), 2);
        }

        File.WriteAllBytes(path, stream.ToArray());
        return stream.ToArray();
    }

    private static ImageFrame Frame(int width, int height, SampleFormat format, int seed)
    {
        var random = new Random(seed + (width * 7) + height);
        var top = format == SampleFormat.UInt8 ? 256 : 65536;
        var frame = new ImageFrame(width, height, sourceFormat: format);
        for (var i = 0; i < frame.Pixels.Length; i++)
        {
            // Smooth with some noise, so the compressors find runs and the data is not trivial.
            frame.Pixels[i] = format == SampleFormat.Float32 ? (float)(random.NextDouble() * 10) - 2 : ((i % width) * 3 + random.Next(8)) % top;
        }

        return frame;
    }

    private static (string, byte[]) Direct(string folder, string name, int width, int height, int bits, int samples, Photometric photometric,
        Compression compression, int rowsPerStrip, bool bigEndian = false, string? description = null)
    {
        var path = Path.Combine(folder, name + ".tif");
        using (var tiff = Tiff.Open(path, bigEndian ? "wb" : "wl") ?? throw new IOException($"LibTiff cannot create {path}"))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, width);
            tiff.SetField(TiffTag.IMAGELENGTH, height);
            tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, samples);
            tiff.SetField(TiffTag.PHOTOMETRIC, photometric);
            tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tiff.SetField(TiffTag.COMPRESSION, compression);
            tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            if (samples == 4)
            {
                tiff.SetField(TiffTag.EXTRASAMPLES, 1, new short[] { (short)ExtraSample.UNASSALPHA });
            }

            tiff.SetField(TiffTag.SOFTWARE, "tacs fuzz seed");
            tiff.SetField(TiffTag.DATETIME, "2026:01:01 00:00:00");
            if (description is not null)
            {
                tiff.SetField(TiffTag.IMAGEDESCRIPTION, description);
            }

            var rowBytes = width * samples * bits / 8;
            var random = new Random(width + height);
            for (int row = 0, strip = 0; row < height; row += rowsPerStrip, strip++)
            {
                var bytes = new byte[Math.Min(rowsPerStrip, height - row) * rowBytes];
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = (byte)((i / 3) + random.Next(4));
                }

                tiff.WriteEncodedStrip(strip, bytes, bytes.Length);
            }

            tiff.WriteDirectory();
        }

        return (name, File.ReadAllBytes(path));
    }
}
