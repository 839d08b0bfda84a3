using BitMiracle.LibTiff.Classic;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;

namespace Tacs.Tests.Imaging;

public sealed class BadFileTests
{
    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open("/no/such/image.tif"));
        Assert.Contains("/no/such/image.tif: file not found", error.Message);
    }

    [Fact]
    public void AFileThatIsNotATiffIsRejected()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.tif"), "these are my notes, not an image");

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(temp.File("notes.tif")));
        Assert.Contains("not a readable TIFF file", error.Message);
    }

    [Theory]
    [InlineData(TiffCompression.None)]
    [InlineData(TiffCompression.Lzw)]
    public void ATruncatedFileIsReportedNotHalfRead(TiffCompression compression)
    {
        using var temp = new TempFolder();
        var path = WriteValid(temp, SampleFormat.UInt16, 64, 64, compression);
        var bytes = File.ReadAllBytes(path);
        // Cut the file in the middle of its pixel data, leaving the header and directory (written last by LibTiff) out.
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.ThrowsAny<ImageReadException>(() =>
        {
            using var image = ImageFiles.Open(path);
            image.ReadPage(0);
        });
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ATruncatedUncompressedPageIsCalledTruncated()
    {
        using var temp = new TempFolder();
        var path = temp.File("t.tif");
        // Directory first, data after it: cutting the data keeps the header readable.
        WriteRaw(path, 64, 64, 16, 1, dataBytes: 64 * 64 * 2, truncateDataTo: 1000);

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(100000, 100000, "claims 100000×100000 pixels")]
    [InlineData(0, 10, "impossible size 0×10")]
    public void AbsurdSizesAreRefusedBeforeAnyAllocation(int width, int height, string expected)
    {
        using var temp = new TempFolder();
        var path = temp.File("huge.tif");
        WriteRaw(path, width, height, 16, 1, dataBytes: 16, truncateDataTo: 16);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));

        Assert.Contains(expected, error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "Refusing a huge header must not allocate its pixels.");
    }

    [Theory]
    [InlineData(32, 1, "32-bit unsigned integer")]
    [InlineData(16, 2, "16-bit signed integer")]
    [InlineData(64, 3, "64-bit floating point")]
    public void UnsupportedSampleFormatsAreNamed(int bits, int sampleFormat, string expected)
    {
        using var temp = new TempFolder();
        var path = temp.File("odd.tif");
        using (var tiff = Tiff.Open(path, "w"))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, 4);
            tiff.SetField(TiffTag.IMAGELENGTH, 4);
            tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
            tiff.SetField(TiffTag.SAMPLEFORMAT, sampleFormat);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
            tiff.SetField(TiffTag.ROWSPERSTRIP, 4);
            tiff.WriteEncodedStrip(0, new byte[4 * 4 * bits / 8], 4 * 4 * bits / 8);
            tiff.WriteDirectory();
        }

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));
        Assert.Contains("unsupported sample format: " + expected, error.Message);
    }

    [Fact]
    public void RgbIsConvertedToGreyWithANote()
    {
        using var temp = new TempFolder();
        var path = temp.File("rgb.tif");
        using (var tiff = Tiff.Open(path, "w"))
        {
            tiff.SetField(TiffTag.IMAGEWIDTH, 2);
            tiff.SetField(TiffTag.IMAGELENGTH, 1);
            tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
            tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3);
            tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB);
            tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
            tiff.SetField(TiffTag.ROWSPERSTRIP, 1);
            tiff.WriteEncodedStrip(0, [255, 0, 0, 0, 0, 255], 6);
            tiff.WriteDirectory();
        }

        using var image = ImageFiles.Open(path);
        var frame = image.ReadPage(0);
        Assert.Equal(0.299f * 255, frame.Pixels[0], 3);
        Assert.Equal(0.114f * 255, frame.Pixels[1], 3);
        Assert.Contains(image.Notes, n => n.Contains("converted to grey"));
    }

    [Fact]
    public void AFolderOrUnknownExtensionIsExplained()
    {
        using var temp = new TempFolder();
        Assert.Contains("is a folder", Assert.Throws<ImageReadException>(() => ImageFiles.Open(temp.Path)).Message);
        File.WriteAllText(temp.File("a.bmpx"), "x");
        Assert.Contains("unsupported file type '.bmpx'", Assert.Throws<ImageReadException>(() => ImageFiles.Open(temp.File("a.bmpx"))).Message);
    }

    [Fact]
    public void ACorruptPngIsRejected()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("bad.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        Assert.Contains("cannot be decoded", Assert.Throws<ImageReadException>(() => ImageFiles.Open(temp.File("bad.png"))).Message);
    }

    private static string WriteValid(TempFolder temp, SampleFormat format, int width, int height, TiffCompression compression)
    {
        var path = temp.File("valid.tif");
        using var writer = new TiffStackWriter(path, 1, new TiffWriteOptions { Compression = compression });
        writer.Write(Frames.Random(width, height, format, 5));
        writer.Complete();
        return path;
    }

    /// <summary>A little-endian TIFF written byte by byte: header, one directory, then the strip data.</summary>
    private static void WriteRaw(string path, int width, int height, int bits, int sampleFormat, int dataBytes, int truncateDataTo)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream);
        w.Write((byte)'I');
        w.Write((byte)'I');
        w.Write((ushort)42);
        w.Write(8u);
        var entries = new (ushort Tag, ushort Type, uint Value)[]
        {
            (256, 4, (uint)width), (257, 4, (uint)height), (258, 3, (uint)bits), (259, 3, 1), (262, 3, 1),
            (273, 4, 0), (277, 3, 1), (278, 4, (uint)Math.Max(1, height)), (279, 4, (uint)dataBytes), (339, 3, (uint)sampleFormat),
        };
        var dataOffset = 8 + 2 + (entries.Length * 12) + 4;
        w.Write((ushort)entries.Length);
        foreach (var (tag, type, value) in entries)
        {
            w.Write(tag);
            w.Write(type);
            w.Write(1u);
            var v = tag == 273 ? (uint)dataOffset : value;
            if (type == 3)
            {
                w.Write((ushort)v);
                w.Write((ushort)0);
            }
            else
            {
                w.Write(v);
            }
        }

        w.Write(0u);
        w.Write(new byte[truncateDataTo]);
    }
}
