using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Imaging;

public sealed class TiffRoundTripTests
{
    public static TheoryData<SampleFormat, TiffCompression, bool, bool, int> Layouts()
    {
        var data = new TheoryData<SampleFormat, TiffCompression, bool, bool, int>();
        foreach (var format in Enum.GetValues<SampleFormat>())
        {
            foreach (var compression in Enum.GetValues<TiffCompression>())
            {
                foreach (var bigEndian in new[] { false, true })
                {
                    foreach (var tiled in new[] { false, true })
                    {
                        data.Add(format, compression, bigEndian, tiled, bigEndian == tiled ? 3 : 1);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void EveryFormatLayoutByteOrderAndCompressionRoundTripsExactly(SampleFormat format, TiffCompression compression, bool bigEndian, bool tiled, int pages)
    {
        using var temp = new TempFolder();
        var path = temp.File("image.tif");
        var frames = Enumerable.Range(0, pages).Select(p => Frames.Random(37, 23, format, seed: p)).ToList();
        var options = new TiffWriteOptions { Compression = compression, BigEndian = bigEndian, TileSize = tiled ? 16 : null };

        using (var writer = new TiffStackWriter(path, pages, options))
        {
            frames.ForEach(writer.Write);
            writer.Complete();
        }

        using var image = ImageFiles.Open(path);
        Assert.Equal((pages, 37, 23, format), (image.PageCount, image.Width, image.Height, image.Format));
        for (var p = 0; p < pages; p++)
        {
            var read = image.ReadPage(p);
            Assert.Equal(format, read.SourceFormat);
            Assert.Equal(p, read.Metadata.FrameIndex);
            Assert.Equal(frames[p].Pixels, read.Pixels);
        }
    }

    [Theory]
    [InlineData(SampleFormat.UInt8, TiffCompression.Deflate)]
    [InlineData(SampleFormat.UInt16, TiffCompression.Deflate)]
    [InlineData(SampleFormat.UInt16, TiffCompression.Lzw)]
    public void ALargeCompressedPageWithManyStripsRoundTrips(SampleFormat format, TiffCompression compression)
    {
        // LibTiff.NET's predictor mishandles strips written from an offset into a buffer: this needs many strips.
        using var temp = new TempFolder();
        var frame = Frames.Random(512, 512, format, seed: 9);
        using (var writer = new TiffStackWriter(temp.File("big.tif"), 1, new TiffWriteOptions { Compression = compression }))
        {
            writer.Write(frame);
            writer.Complete();
        }

        using var image = ImageFiles.Open(temp.File("big.tif"));
        Assert.Equal(frame.Pixels, image.ReadPage(0).Pixels);
    }

    [Fact]
    public void ProvenancePixelSizeAndImageJStackHeaderAreWritten()
    {
        using var temp = new TempFolder();
        var path = temp.File("stack.tif");
        var frame = Frames.Random(8, 8, SampleFormat.UInt16, 1);
        frame.Metadata.PixelSizeMicrons = 0.065;
        frame.AddProvenance(new ProvenanceEntry("denoise.gaussian", "1.0.0", new Dictionary<string, string> { ["sigma"] = "1.5" }, new Dictionary<string, string> { ["ms"] = "3.2" }, DateTimeOffset.UnixEpoch));
        using (var writer = new TiffStackWriter(path, 2))
        {
            writer.Write(frame);
            writer.Write(frame);
            writer.Complete();
        }

        var header = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path));
        Assert.Contains("ImageJ=", header);
        Assert.Contains("images=2\nslices=2\n", header);
        Assert.Contains("unit=micron", header);

        using var image = ImageFiles.Open(path);
        var read = image.ReadPage(1);
        var entry = Assert.Single(read.Provenance);
        Assert.Equal(("denoise.gaussian", "1.0.0", "1.5"), (entry.PluginId, entry.PluginVersion, entry.Parameters["sigma"]));
        Assert.Equal(0.065, read.Metadata.PixelSizeMicrons!.Value, 6);
    }

    [Fact]
    public void OutOfRangeValuesAreClampedAndCounted()
    {
        using var temp = new TempFolder();
        var frame = new ImageFrame(4, 1, [-5f, 70000f, float.NaN, 12.6f], SampleFormat.UInt16);
        using var writer = new TiffStackWriter(temp.File("c.tif"), 1);
        writer.Write(frame);
        writer.Complete();

        Assert.Equal(3, writer.ClippedValues);
        using var image = ImageFiles.Open(temp.File("c.tif"));
        Assert.Equal([0f, 65535f, 0f, 13f], image.ReadPage(0).Pixels);
    }

    [Fact]
    public void AnUnfinishedWriterLeavesNoFileBehind()
    {
        using var temp = new TempFolder();
        var path = temp.File("partial.tif");
        using (var writer = new TiffStackWriter(path, 3))
        {
            writer.Write(Frames.Constant(4, 4, 1));
            Assert.Throws<InvalidOperationException>(() => writer.Write(Frames.Constant(5, 4, 1)));
            Assert.Throws<InvalidOperationException>(() => writer.Complete());
        }

        Assert.Empty(Directory.GetFiles(temp.Path));
    }
}
