using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Host.Plugins;
using Tacs.Sdk;
using Tacs.Tests.Support;

namespace Tacs.Tests.Imaging.Dimensions;

/// <summary>Plugins see where each frame sits (SDK 1.2), steps can be limited to channels (<c>@c2</c>), and a
/// plugin built against SDK 1.1 still loads and runs on pages of a hyperstack.</summary>
public sealed class ChannelStepsTests : IDisposable
{
    private static readonly StackLayout Hyperstack = new()
    {
        Container = StackContainer.Ome,
        Channels = 2,
        Slices = 2,
        TimePoints = 2,
        PixelWidthMicrons = 0.5,
        PixelHeightMicrons = 0.5,
        SliceSpacingMicrons = 2,
        ChannelNames = ["red", "green"],
    };

    private readonly TempFolder _temp = new();
    private readonly PluginFolders _folders = new();
    private readonly PluginCatalog _catalog;

    public ChannelStepsTests()
    {
        _folders.AddTestPlugin("Kit");
        _folders.AddTestPlugin("PastSdk.Plugin");
        _folders.AddTestPlugin("Positions");
        _catalog = _folders.Load();
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("bm3d(sigma=auto)@c1", "bm3d", new[] { 1 })]
    [InlineData("gaussian(sigma=\"1@2\") @c3,1", "gaussian", new[] { 1, 3 })]
    [InlineData("offset@C2", "offset", new[] { 2 })]
    public void ChannelSelectorsAreParsedAndWrittenBack(string text, string plugin, int[] channels)
    {
        var step = Assert.Single(ChainSpec.Parse(text).Steps);
        Assert.Equal(plugin, step.Plugin);
        Assert.Equal(channels, step.Channels);
        Assert.Equal(channels, Assert.Single(ChainSpec.Parse(step.ToString()).Steps).Channels);
        Assert.Null(Assert.Single(ChainSpec.Parse(plugin).Steps).Channels);
    }

    [Theory]
    [InlineData("bm3d@x1")]
    [InlineData("bm3d@c0")]
    [InlineData("bm3d(sigma=2)@c")]
    [InlineData("bm3d@c1,a")]
    public void ABadChannelSelectorIsRefusedSayingHowToWriteOne(string text)
    {
        var error = Assert.Throws<ChainException>(() => ChainSpec.Parse(text));
        Assert.Contains("is not a channel selector; write @c1", error.Message);
    }

    [Fact]
    public void ChannelsInTheJsonFormAreAnArrayOfNumbersFromOne()
    {
        var step = Assert.Single(ChainSpec.ParseJson("""{"steps": [{"plugin": "offset", "parameters": {"amount": 5}, "channels": [2]}]}""").Steps);
        Assert.Equal([2], step.Channels);
        Assert.Throws<ChainException>(() => ChainSpec.ParseJson("""[{"plugin": "offset", "channels": [0]}]"""));
    }

    [Fact]
    public void AStepLimitedToAChannelRunsOnThatChannelsPagesOnly()
    {
        var input = WriteHyperstack();
        var output = _temp.File("out.ome.tif");

        Run("offset(amount=100)@c2 | position", input, output);

        using var image = ImageFiles.Open(output);
        Assert.Equal((StackContainer.Ome, 2, 2, 2), (image.Layout.Container, image.Layout.Channels, image.Layout.Slices, image.Layout.TimePoints));
        for (var page = 0; page < 8; page++)
        {
            var frame = image.ReadPage(page);
            var (c, z, t) = Hyperstack.PositionOf(page);
            Assert.Equal(page + (c == 1 ? 100 : 0), frame.Pixels[0]);
            Assert.Equal(c == 1 ? new[] { "test.offset", "test.position" } : new[] { "test.position" }, frame.Provenance.Select(p => p.PluginId));

            // What the plugin was told about the frame, as it noted it.
            var notes = frame.Provenance[^1].Notes;
            Assert.Equal($"c={c}/2 z={z}/2 t={t}/2", notes["position"]);
            Assert.Equal(c == 0 ? "red" : "green", notes["channel_name"]);
            Assert.Equal("0.5x0.5x2", notes["sizes"]);
        }
    }

    [Fact]
    public void AFlatStacksFramesHaveNoPositionAndCountAsChannelOne()
    {
        var input = _temp.File("flat.tif");
        using (var writer = new TiffStackWriter(input, 2))
        {
            writer.Write(Frames.Constant(4, 4, 1));
            writer.Write(Frames.Constant(4, 4, 2));
            writer.Complete();
        }

        // A tacs-written flat stack is an ImageJ z-stack: its pages have positions on z.
        Run("offset(amount=10)@c1 | offset(amount=1000)@c2 | position", input, _temp.File("out.tif"));
        using var image = ImageFiles.Open(_temp.File("out.tif"));
        Assert.Equal(12, image.ReadPage(1).Pixels[0]);
        Assert.Equal("c=0/1 z=1/2 t=0/1", image.ReadPage(1).Provenance[^1].Notes["position"]);
    }

    [Fact]
    public void APluginBuiltAgainstSdk11LoadsAndRunsOnAHyperstack()
    {
        var record = _catalog.Records.Single(r => r.Id == "test.past");
        Assert.Equal(PluginState.Loaded, record.State);
        Assert.Equal(new Version(1, 1, 0, 0), record.SdkVersion);
        Assert.Equal(new Version(1, 2, 0, 0), SdkInfo.Version);

        Run("past", WriteHyperstack(), _temp.File("doubled.ome.tif"));

        using var image = ImageFiles.Open(_temp.File("doubled.ome.tif"));
        Assert.Equal(2 * 5, image.ReadPage(5).Pixels[0]);
        Assert.Equal(2, image.Layout.Channels);
    }

    [Fact]
    public void AFolderRunWritesAMultiFileDatasetOnceAsOneStack()
    {
        var folder = Path.Combine(_temp.Path, "dataset");
        Directory.CreateDirectory(folder);
        LayoutReadingTests.WriteDataset(folder, LayoutReadingTests.Dataset("part1.ome.tif", "part2.ome.tif"));
        var output = Path.Combine(_temp.Path, "out");

        Run("offset(amount=100)", folder, output);

        Assert.Equal(["part1.ome.tif"], Directory.GetFiles(output).Select(Path.GetFileName));
        using var image = ImageFiles.Open(Path.Combine(output, "part1.ome.tif"));
        Assert.Equal((StackContainer.Ome, 8), (image.Layout.Container, image.Layout.Slices));
        Assert.Equal([100f, 101, 102, 103, 110, 111, 112, 113], Enumerable.Range(0, 8).Select(p => image.ReadPage(p).Pixels[0]));
    }

    private void Run(string chain, string input, string output)
    {
        var summary = new BatchRunner(ChainBuilder.Build(chain, _catalog, Serilog.Log.Logger), Serilog.Log.Logger).Run(input, output, new BatchOptions());
        Assert.True(summary.FilesFailed == 0, string.Join("; ", summary.Failures.Select(f => f.Reason)));
    }

    private string WriteHyperstack()
    {
        var path = _temp.File("in.ome.tif");
        using var writer = new TiffStackWriter(path, Hyperstack.Pages, new TiffWriteOptions { Layout = Hyperstack });
        for (var page = 0; page < Hyperstack.Pages; page++)
        {
            writer.Write(Frames.Constant(8, 8, page));
        }

        writer.Complete();
        return path;
    }
}
