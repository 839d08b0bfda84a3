using System.Buffers.Binary;
using BitMiracle.LibTiff.Classic;
using Serilog.Core;
using Serilog.Events;
using Tacs.Fuzz;
using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Tests.Support;
using SampleFormat = Tacs.Sdk.Frames.SampleFormat;

namespace Tacs.Tests.Imaging;

/// <summary>The files of issue 17, made by hand: each was mis-read, crashed tacs or exhausted memory.</summary>
public sealed class HostileTiffTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void ALoopInTheDirectoryChainIsRefusedNamingTheFile()
    {
        var path = WriteStack("loop.tif", 3);
        var bytes = File.ReadAllBytes(path);
        var ifds = Directories(bytes);
        // The last page points back to the first.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ifds[^1].NextAt), (uint)ifds[0].Offset);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("loops back", error.Message);
    }

    [Fact]
    public void ATagClaimingHalfAGigabyteInATinyFileIsIgnoredWithAWarningWithoutAllocatingIt()
    {
        var path = WriteStack("software.tif", 1);
        var bytes = File.ReadAllBytes(path);
        var software = Directories(bytes)[0].Entries.Single(e => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(e)) == 305);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(software + 4), 536_870_924);
        File.WriteAllBytes(path, bytes);
        var log = new LogCapture();
        var before = GC.GetAllocatedBytesForCurrentThread();

        using var image = ImageFiles.Open(path, new ImageReadOptions { Log = log.Logger });
        var frame = image.ReadPage(0);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "The claimed text must not be allocated.");
        Assert.All(frame.Pixels, v => Assert.Equal(0, v));
        Assert.Contains(log.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("field 305 ignored: it claims 536870924 values"));
    }

    [Theory]
    [InlineData(4_000_000, true)]
    [InlineData(4_300_000, false)]
    public void MetadataUpToItsLimitIsReadWithinTheBoundAndAboveItIsIgnoredWithAWarning(int descriptionLength, bool accepted)
    {
        var path = _temp.File("meta.tif");
        using (var tiff = Tiff.Open(path, "w"))
        {
            SetGrey(tiff, 8, 8, 8, Compression.NONE, rowsPerStrip: 8);
            tiff.SetField(TiffTag.IMAGEDESCRIPTION, "ImageJ=1.54f\n" + new string('x', descriptionLength));
            tiff.WriteEncodedStrip(0, new byte[64], 64);
            tiff.WriteDirectory();
        }

        var log = new LogCapture();
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var image = ImageFiles.Open(path, new ImageReadOptions { Log = log.Logger });
        var frame = image.ReadPage(0);

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, FuzzTarget.Slack);
        Assert.Equal(64, frame.Pixels.Length);
        Assert.Equal(!accepted, log.Events.Any(e => e.RenderMessage().Contains("field 270 ignored")));
    }

    [Fact]
    public void ASmallLzwFileClaimingAHugePageIsRefusedAsTruncatedBeforeDecoding()
    {
        var path = _temp.File("bomb.tif");
        using (var tiff = Tiff.Open(path, "w"))
        {
            SetGrey(tiff, 16384, 16384, 16, Compression.LZW, rowsPerStrip: 16384);
            tiff.WriteEncodedStrip(0, new byte[4096], 4096);
            tiff.WriteDirectory();
        }

        Assert.True(new FileInfo(path).Length < 10_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));

        Assert.Contains("page 1 is truncated from row 0", error.Message);
        Assert.Contains("highest ratio LZW can reach", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "The claimed page must not be allocated.");
    }

    [Fact]
    public void AStackOfMoreThan65535PagesReadsEveryPage()
    {
        const int pages = 66_000;
        var path = _temp.File("long.tif");
        using (var writer = new TiffStackWriter(path, pages))
        {
            var frame = new Tacs.Sdk.Frames.ImageFrame(2, 1, sourceFormat: SampleFormat.UInt16);
            for (var p = 0; p < pages; p++)
            {
                (frame.Pixels[0], frame.Pixels[1]) = (p / 256, p % 256);
                writer.Write(frame);
            }

            writer.Complete();
        }

        using var image = ImageFiles.Open(path);

        Assert.Equal(pages, image.PageCount);
        foreach (var p in new[] { 0, 32_767, 32_768, 33_000, 65_535, 65_999 })
        {
            var pixels = image.ReadPage(p).Pixels;
            Assert.Equal(p, ((int)pixels[0] * 256) + (int)pixels[1]);
        }
    }

    [Theory]
    [InlineData(3, 10_000, true)]
    [InlineData(3, 1_000_000, false)]
    public void AStackExpectedToPassTheThresholdIsWrittenAsBigTiffAndReadsBack(int pages, long threshold, bool bigTiff)
    {
        var path = _temp.File("big.tif");
        var frames = Enumerable.Range(0, pages).Select(p => Frames.Random(64, 40, SampleFormat.UInt16, p)).ToList();
        using (var writer = new TiffStackWriter(path, pages, new TiffWriteOptions { BigTiffAbove = threshold, Compression = TiffCompression.Lzw }))
        {
            frames.ForEach(writer.Write);
            Assert.Equal(bigTiff, writer.IsBigTiff);
            writer.Complete();
        }

        Assert.Equal(bigTiff ? 43 : 42, File.ReadAllBytes(path)[2]);
        using var image = ImageFiles.Open(path);
        Assert.Equal(pages, image.PageCount);
        for (var p = 0; p < pages; p++)
        {
            Assert.Equal(frames[p].Pixels, image.ReadPage(p).Pixels);
        }

        // libtiff itself (through OpenCV) reads the first page the same.
        using var mat = OpenCvSharp.Cv2.ImRead(path, OpenCvSharp.ImreadModes.Unchanged);
        using var floats = new OpenCvSharp.Mat();
        mat.ConvertTo(floats, OpenCvSharp.MatType.CV_32FC1);
        floats.GetArray(out float[] first);
        Assert.Equal(frames[0].Pixels, first);
    }

    [Fact]
    public void AStackOfUnknownLengthIsWrittenAsBigTiff()
    {
        using var writer = new TiffStackWriter(_temp.File("live.tif"), pageCount: null);
        writer.Write(Frames.Random(8, 8, SampleFormat.UInt16, 1));
        Assert.True(writer.IsBigTiff);
        writer.Complete();
        using var image = ImageFiles.Open(_temp.File("live.tif"));
        Assert.Equal(1, image.PageCount);
    }

    [Fact]
    public void ABigEndianBigTiffIsRefusedWithAClearReason()
    {
        var path = _temp.File("be.tif");
        TiffSeeds.BigEndianBigTiff(path, 9, 5);
        // The file is valid: libtiff (through OpenCV) reads it.
        using (var mat = OpenCvSharp.Cv2.ImRead(path, OpenCvSharp.ImreadModes.Unchanged))
        {
            Assert.Equal(203, mat.At<ushort>(2, 3));
        }

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));

        Assert.Contains("big-endian BigTIFF", error.Message);
    }

    [Fact]
    public void HalfAStackIsAnErrorNamingThePageOrWithTheOptionItsWholePagesAndAWarning()
    {
        var path = WriteStack("half.tif", 5);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ImageReadException>(() => ImageFiles.Open(path));
        Assert.Matches("truncated or damaged after page [12]: page [23]'s directory", error.Message);

        var log = new LogCapture();
        using var image = ImageFiles.Open(path, new ImageReadOptions { AllowTruncated = true, Log = log.Logger });
        Assert.InRange(image.PageCount, 1, 2);
        Assert.Equal(image.PageCount * 100, image.ReadPage(image.PageCount - 1).Pixels[0] + 100);
        Assert.Contains(log.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("truncated files are allowed"));
    }

    [Fact]
    public void AnLzwStripHoldingFortyOfFourHundredRowsIsAnErrorNamingTheRowOrWithTheOptionZerosAndAWarning()
    {
        var path = _temp.File("short.tif");
        var rows = new byte[40 * 64];
        new Random(3).NextBytes(rows);
        using (var tiff = Tiff.Open(path, "w"))
        {
            SetGrey(tiff, 64, 400, 8, Compression.LZW, rowsPerStrip: 400);
            tiff.WriteEncodedStrip(0, rows, rows.Length);
            tiff.WriteDirectory();
        }

        var error = Assert.Throws<ImageReadException>(() =>
        {
            using var image = ImageFiles.Open(path);
            image.ReadPage(0);
        });
        Assert.Contains("page 1 is truncated from row 40", error.Message);

        var log = new LogCapture();
        using var allowed = ImageFiles.Open(path, new ImageReadOptions { AllowTruncated = true, Log = log.Logger });
        var pixels = allowed.ReadPage(0).Pixels;
        Assert.Equal(rows.Select(b => (float)b), pixels[..rows.Length]);
        Assert.All(pixels[rows.Length..], v => Assert.Equal(0, v));
        Assert.Contains(log.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("page 1 is truncated from row 40"));
    }

    [Fact]
    public void LibTiffWarningsReachTheLog()
    {
        // A page whose uncompressed strip byte counts disagree: LibTiff warns and recomputes them.
        var path = _temp.File("warn.tif");
        using (var tiff = Tiff.Open(path, "w"))
        {
            SetGrey(tiff, 16, 12, 8, Compression.NONE, rowsPerStrip: 4);
            for (var s = 0; s < 3; s++)
            {
                tiff.WriteEncodedStrip(s, new byte[64], s == 0 ? 60 : 64);
            }

            tiff.WriteDirectory();
        }

        var log = new LogCapture();
        using var image = ImageFiles.Open(path, new ImageReadOptions { Log = log.Logger, AllowTruncated = true });
        image.ReadPage(0);

        Assert.Contains(log.Events, e => e.RenderMessage().Contains("LibTiff: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileReachedThroughASymbolicLinkIsRead()
    {
        var target = WriteStack("target.tif", 2);
        var link = _temp.File("link.tif");
        File.CreateSymbolicLink(link, target);

        using var image = ImageFiles.Open(link);

        Assert.Equal(2, image.PageCount);
        Assert.Equal(100, image.ReadPage(1).Pixels[0]);
    }

    [Theory]
    [InlineData("[null]", 0)]
    [InlineData("[{\"PluginId\":\"a\",\"PluginVersion\":\"1\",\"Parameters\":null,\"Notes\":{},\"At\":\"2026-01-01T00:00:00+00:00\"},"
        + "{\"PluginId\":\"b\",\"PluginVersion\":\"1\",\"Parameters\":{\"s\":\"1\"},\"Notes\":{},\"At\":\"2026-01-01T00:00:00+00:00\"}]", 1)]
    [InlineData("[{\"PluginId\":\"a\",", 0)]
    public void MalformedProvenanceIsIgnoredWithAWarning(string json, int kept)
    {
        var path = _temp.File("prov.tif");
        using (var tiff = Tiff.Open(path, "w"))
        {
            SetGrey(tiff, 4, 4, 8, Compression.NONE, rowsPerStrip: 4);
            tiff.SetField(TiffTag.IMAGEDESCRIPTION, $"ImageJ=1.54f\ntacs.provenance={json}\n");
            tiff.WriteEncodedStrip(0, new byte[16], 16);
            tiff.WriteDirectory();
        }

        var log = new LogCapture();
        using var image = ImageFiles.Open(path, new ImageReadOptions { Log = log.Logger });
        var frame = image.ReadPage(0);

        Assert.Equal(kept, frame.Provenance.Count);
        Assert.All(frame.Provenance, p => Assert.NotNull(p.ToString()));
        Assert.Contains(log.Events, e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("tacs.provenance"));
    }

    [Fact]
    public void AFolderRunGoesOnPastHostileFiles()
    {
        var folder = Path.Combine(_temp.Path, "in");
        Directory.CreateDirectory(folder);
        File.Move(WriteStack("a.tif", 2), Path.Combine(folder, "a.tif"));
        var loop = File.ReadAllBytes(Path.Combine(folder, "a.tif"));
        var ifds = Directories(loop);
        BinaryPrimitives.WriteUInt32LittleEndian(loop.AsSpan(ifds[^1].NextAt), (uint)ifds[^1].Offset);
        File.WriteAllBytes(Path.Combine(folder, "b.tif"), loop);
        File.WriteAllBytes(Path.Combine(folder, "c.tif"), loop[..(loop.Length - 20)]);
        using var plugins = new PluginFolders();
        plugins.AddTestPlugin("Kit");
        using var catalog = plugins.Load();
        var runner = new BatchRunner(ChainBuilder.Build("offset", catalog, Serilog.Log.Logger), Logger.None);

        var summary = runner.Run(folder, _temp.File("out"), new BatchOptions());

        Assert.Equal((1, 2), (summary.FilesDone, summary.FilesFailed));
        Assert.All(summary.Failures, f => Assert.Contains(Path.GetFileName(f.File), f.Reason));
    }

    public void Dispose() => _temp.Dispose();

    private static void SetGrey(Tiff tiff, int width, int height, int bits, Compression compression, int rowsPerStrip)
    {
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.BITSPERSAMPLE, bits);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.COMPRESSION, compression);
        tiff.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
    }

    /// <summary>A little-endian stack whose page p is filled with 100 × p.</summary>
    private string WriteStack(string name, int pages)
    {
        var path = _temp.File(name);
        using var writer = new TiffStackWriter(path, pages);
        for (var p = 0; p < pages; p++)
        {
            writer.Write(Frames.Constant(32, 32, p * 100, SampleFormat.UInt16));
        }

        writer.Complete();
        return path;
    }

    /// <summary>The directories of a little-endian classic TIFF: offset, entry positions, where the next offset is.</summary>
    private static List<(long Offset, List<int> Entries, int NextAt)> Directories(byte[] bytes)
    {
        var result = new List<(long, List<int>, int)>();
        var next = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        while (next != 0)
        {
            var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)next));
            var entries = Enumerable.Range(0, count).Select(i => (int)next + 2 + (i * 12)).ToList();
            var nextAt = (int)next + 2 + (count * 12);
            result.Add((next, entries, nextAt));
            next = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(nextAt));
        }

        return result;
    }

    private sealed class LogCapture : ILogEventSink
    {
        public LogCapture()
        {
            Logger = new Serilog.LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
        }

        public Serilog.ILogger Logger { get; }

        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            lock (Events)
            {
                Events.Add(logEvent);
            }
        }
    }
}
