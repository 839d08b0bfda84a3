using Serilog;
using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;

namespace Tacs.Plugins.Bm3d.Tests;

/// <summary>BM3D's 3-D mode through the host: a z-stack file goes to the installed plugin a volume at a time, each
/// page records the volume step, and on slices that share structure it beats the 2-D mode.</summary>
public sealed class VolumeModeTests : IDisposable
{
    private const int Size = 64;
    private const int Slices = 6;
    private const double Sigma = 25;
    private static readonly StackLayout Layout = new() { Container = StackContainer.ImageJ, Channels = 2, Slices = Slices, TimePoints = 1 };
    private readonly InstalledBm3d _installed = new();

    public void Dispose() => _installed.Dispose();

    [Fact]
    public void AZStackIsDenoisedAVolumeAtATimeAndBeatsTheSliceBySliceMode()
    {
        var (input, clean) = WriteStack();
        var flat = Run("bm3d(sigma=25, profile=fast)", input, "2d.tif");
        var volume = Run("bm3d(sigma=25, profile=fast, volume=3d)", input, "3d.tif");

        var records = PageProvenance.Read(volume);
        Assert.All(records, r => Assert.Equal("3d: 6 slices, ±1", Assert.Single(r.Provenance).Notes["volume"]));
        Assert.All(PageProvenance.Read(flat), r => Assert.False(Assert.Single(r.Provenance).Notes.ContainsKey("volume")));

        var (psnr2d, psnr3d) = (Psnr(flat, clean), Psnr(volume, clean));
        Assert.True(psnr3d > psnr2d + 0.3, $"3-D mode {psnr3d:F2} dB should beat 2-D {psnr2d:F2} dB on a stack whose slices share structure");
        using var image = ImageFiles.Open(volume);
        Assert.Equal((2, Slices), (image.Layout.Channels, image.Layout.Slices));
    }

    [Fact]
    public void CameraNoiseIn3DModeFailsThePagesWithTheReason()
    {
        var (input, _) = WriteStack();
        var summary = new BatchRunner(ChainBuilder.Build("bm3d(noise=poisson-gaussian, volume=3d, profile=fast)", _installed.Catalog, Log.Logger), Log.Logger)
            .Run(input, Path.Combine(_installed.Folder, "pg.tif"), new BatchOptions());

        Assert.Equal(Layout.Pages, summary.PageFailures.Count);
        Assert.Contains("volume=3d works with noise=gaussian", summary.PageFailures[0].Reason);
    }

    [Fact]
    public void AMultiPageTiffThatDoesNotSayWhichPagesAreSlicesIsDenoisedSliceBySlice()
    {
        // Three pages and no description: could be a time series, so no volume is formed.
        var path = Path.Combine(_installed.Folder, "plain.tif");
        var random = new Random(5);
        using (var tiff = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w"))
        {
            for (var page = 0; page < 3; page++)
            {
                tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGEWIDTH, Size);
                tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.IMAGELENGTH, Size);
                tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.SAMPLESPERPIXEL, 1);
                tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.PHOTOMETRIC, BitMiracle.LibTiff.Classic.Photometric.MINISBLACK);
                tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.ROWSPERSTRIP, Size);
                var bytes = Enumerable.Range(0, Size * Size).Select(_ => (byte)random.Next(80, 160)).ToArray();
                tiff.WriteEncodedStrip(0, bytes, bytes.Length);
                tiff.WriteDirectory();
            }
        }

        var output = Run("bm3d(sigma=10, profile=fast, volume=3d)", path, "plain-out.tif");

        Assert.All(PageProvenance.Read(output), r => Assert.False(Assert.Single(r.Provenance).Notes.ContainsKey("volume")));
    }

    private string Run(string chain, string input, string name)
    {
        var output = Path.Combine(_installed.Folder, name);
        var summary = new BatchRunner(ChainBuilder.Build(chain, _installed.Catalog, Log.Logger), Log.Logger).Run(input, output, new BatchOptions());
        Assert.True(summary.FilesFailed == 0 && summary.PageFailures.Count == 0, string.Join("; ", summary.Failures.Select(f => f.Reason).Concat(summary.PageFailures.Select(f => f.Reason))));
        return output;
    }

    // Two channels of the same soft blobs, each spanning several slices, with Gaussian noise of sigma 25.
    private (string Path, List<float[]> Clean) WriteStack()
    {
        var random = new Random(3);
        var blobs = Enumerable.Range(0, 14).Select(_ => (X: random.NextDouble() * Size, Y: random.NextDouble() * Size, Z: random.NextDouble() * Slices, R: 3 + (4 * random.NextDouble()))).ToList();
        var clean = new List<float[]>();
        var path = Path.Combine(_installed.Folder, "in.tif");
        using var writer = new TiffStackWriter(path, Layout.Pages, new TiffWriteOptions { Layout = Layout, Format = SampleFormat.Float32 });
        for (var page = 0; page < Layout.Pages; page++)
        {
            var z = Layout.PositionOf(page).Slice;
            var pixels = new float[Size * Size];
            for (var i = 0; i < pixels.Length; i++)
            {
                var (x, y) = (i % Size, i / Size);
                pixels[i] = 40 + (float)blobs.Sum(b => 150 * Math.Exp((-(((x - b.X) * (x - b.X)) + ((y - b.Y) * (y - b.Y))) / (2 * b.R * b.R)) - ((z - b.Z) * (z - b.Z) / 8)));
            }

            clean.Add(pixels);
            var noisy = pixels.Select(v => (float)(v + (Sigma * NoiseModel.Gaussian(random)))).ToArray();
            writer.Write(new ImageFrame(Size, Size, noisy, SampleFormat.UInt8) { SourceRange = new ValueRange(0, 255) });
        }

        writer.Complete();
        return (path, clean);
    }

    private static double Psnr(string path, List<float[]> clean)
    {
        using var image = ImageFiles.Open(path);
        var all = Enumerable.Range(0, image.PageCount).SelectMany(p => image.ReadPage(p).Pixels).ToArray();
        return ImageQuality.Psnr([.. clean.SelectMany(c => c)], all, 255);
    }
}
