using System.Globalization;
using Serilog;
using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Host.Plugins;
using Tacs.Sdk.Frames;

namespace Tacs.Plugins.Bm3d.Tests;

/// <summary>
/// Noise per channel: a 2-channel stack whose second channel is five times noisier goes through the installed
/// BM3D plugin with sigma=auto; each page's provenance in the written file records its own estimate, close to the
/// truth of its channel, and a step limited to one channel (<c>@c2</c>) leaves the other's pages untouched.
/// </summary>
public sealed class ChannelNoiseTests : IDisposable
{
    private const int Size = 96;
    private static readonly double[] TrueSigma = [4, 20];
    private static readonly StackLayout Layout = new() { Container = StackContainer.ImageJ, Channels = 2, Slices = 2, TimePoints = 1 };
    private readonly InstalledBm3d _installed = new();

    public void Dispose() => _installed.Dispose();

    [Fact]
    public void AutoSigmaIsEstimatedForEachChannelAndRecordedOnEachPage()
    {
        var output = Path.Combine(_installed.Folder, "out.tif");
        Run("bm3d(sigma=auto, profile=fast)", WriteStack(), output);

        var pages = PageProvenance.Read(output);
        Assert.Equal(4, pages.Count);
        var estimates = new List<double>[] { [], [] };
        for (var page = 0; page < pages.Count; page++)
        {
            var channel = Layout.PositionOf(page).Channel;
            var entry = Assert.Single(pages[page].Provenance);
            var sigma = double.Parse(entry.Notes["sigma_estimated"], CultureInfo.InvariantCulture);
            Assert.InRange(sigma, TrueSigma[channel] * 0.85, TrueSigma[channel] * 1.15);
            estimates[channel].Add(sigma);
        }

        Assert.True(estimates[1].Min() > 4 * estimates[0].Max(), $"channel estimates {string.Join(", ", estimates[0])} and {string.Join(", ", estimates[1])} should differ about five-fold");
    }

    [Fact]
    public void AStepForOneChannelLeavesTheOtherChannelsPagesAsTheyWere()
    {
        var input = WriteStack();
        var output = Path.Combine(_installed.Folder, "c2.tif");
        Run("bm3d(sigma=auto, profile=fast)@c2", input, output);

        using var before = ImageFiles.Open(input);
        using var after = ImageFiles.Open(output);
        for (var page = 0; page < 4; page++)
        {
            var channel = Layout.PositionOf(page).Channel;
            var (original, processed) = (before.ReadPage(page), after.ReadPage(page));
            Assert.Equal(channel == 1 ? ["denoise.bm3d"] : Array.Empty<string>(), processed.Provenance.Select(p => p.PluginId));
            if (channel == 0)
            {
                Assert.Equal(original.Pixels, processed.Pixels);
            }
            else
            {
                Assert.True(Mse(processed.Pixels) < Mse(original.Pixels) / 4, "channel 2 was not denoised");
            }
        }
    }

    private static float[] Clean() => [.. TestData.SmoothScene(Size, Size).Select(v => v * 10)];

    private static double Mse(float[] pixels)
    {
        var clean = Clean();
        return pixels.Select((p, i) => (double)(p - clean[i]) * (p - clean[i])).Average();
    }

    private void Run(string chain, string input, string output)
    {
        var summary = new BatchRunner(ChainBuilder.Build(chain, _installed.Catalog, Log.Logger), Log.Logger).Run(input, output, new BatchOptions());
        Assert.True(summary.FilesFailed == 0, string.Join("; ", summary.Failures.Select(f => f.Reason)));
    }

    // A 2-channel, 2-slice 16-bit hyperstack: the same smooth scene (×10, so values sit well inside 16 bits) with
    // Gaussian noise of sigma 4 on channel 1 and 20 on channel 2.
    private string WriteStack()
    {
        var path = Path.Combine(_installed.Folder, "in.tif");
        var clean = Clean();
        using var writer = new TiffStackWriter(path, Layout.Pages, new TiffWriteOptions { Layout = Layout });
        for (var page = 0; page < Layout.Pages; page++)
        {
            var channel = Layout.PositionOf(page).Channel;
            writer.Write(new ImageFrame(Size, Size, TestData.AddGaussian(clean, TrueSigma[channel], seed: page), SampleFormat.UInt16));
        }

        writer.Complete();
        return path;
    }
}
