using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Batch;

public sealed class BatchRunnerTests : IDisposable
{
    private readonly PluginFolders _folders = new();
    private readonly Tacs.Host.Plugins.PluginCatalog _catalog;
    private readonly TempFolder _temp = new();

    public BatchRunnerTests()
    {
        _folders.AddTestPlugin("Kit");
        _catalog = _folders.Load();
    }

    [Fact]
    public void AStackIsProcessedPageByPageIntoAStackOfTheSameDepth()
    {
        var input = WriteStack("stack.tif", pages: 4, SampleFormat.UInt16);

        var summary = Runner("offset(amount=7)").Run(input, _temp.File("out.tif"), new BatchOptions());

        Assert.Equal((1, 0, 4L), (summary.FilesDone, summary.FilesFailed, summary.Pages));
        using var output = ImageFiles.Open(_temp.File("out.tif"));
        Assert.Equal((4, SampleFormat.UInt16), (output.PageCount, output.Format));
        for (var p = 0; p < 4; p++)
        {
            Assert.All(output.ReadPage(p).Pixels, v => Assert.Equal((p * 100) + 7f, v));
        }

        Assert.Equal("test.offset", Assert.Single(output.ReadPage(0).Provenance).PluginId);
    }

    [Fact]
    public void AFolderGoesOnPastABadFileAndReportsIt()
    {
        var folder = Path.Combine(_temp.Path, "in");
        Directory.CreateDirectory(folder);
        File.Move(WriteStack("a.tif", 1, SampleFormat.UInt8), Path.Combine(folder, "a.tif"));
        File.WriteAllText(Path.Combine(folder, "b.tif"), "not a tiff");
        File.Move(WriteStack("c.tif", 2, SampleFormat.Float32), Path.Combine(folder, "c.tif"));
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "ignored");

        var summary = Runner("offset").Run(folder, _temp.File("out"), new BatchOptions { OutputFormat = SampleFormat.Float32 });

        Assert.Equal((2, 1, 3L), (summary.FilesDone, summary.FilesFailed, summary.Pages));
        Assert.Contains("b.tif", summary.Failures.Single().File);
        Assert.Contains("not a readable TIFF", summary.Failures.Single().Reason);
        Assert.Equal(["a.tif", "c.tif"], Directory.GetFiles(_temp.File("out")).Select(Path.GetFileName).Order());
        using var a = ImageFiles.Open(_temp.File("out/a.tif"));
        Assert.Equal(SampleFormat.Float32, a.Format);
    }

    [Fact]
    public void AFailingPluginLeavesNoPartialOutputWhenTheFileIsToFail()
    {
        var input = WriteStack("s.tif", 3, SampleFormat.UInt16);

        var summary = Runner("offset(fail=true)").Run(input, _temp.File("out.tif"), new BatchOptions { OnFrameError = FrameErrorPolicy.Fail });

        Assert.Equal(1, summary.FilesFailed);
        Assert.Contains("asked to fail", summary.Failures.Single().Reason);
        Assert.False(File.Exists(_temp.File("out.tif")));
        Assert.False(File.Exists(_temp.File("out.tif.partial")));
    }

    [Fact]
    public void InputsAreNeverOverwrittenAndExistingOutputsNeedConsent()
    {
        var input = WriteStack("s.tif", 1, SampleFormat.UInt16);
        var before = File.ReadAllBytes(input);

        Assert.Contains("would replace its input", Assert.Throws<ArgumentException>(() => Runner("offset").Run(input, input, new BatchOptions { Overwrite = true })).Message);
        File.WriteAllText(_temp.File("exists.tif"), "keep me");
        Assert.Contains("Pass --overwrite", Assert.Throws<ArgumentException>(() => Runner("offset").Run(input, _temp.File("exists.tif"), new BatchOptions())).Message);
        Assert.Equal("keep me", File.ReadAllText(_temp.File("exists.tif")));
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => Runner("offset").Run(_temp.File("missing.tif"), _temp.File("o.tif"), new BatchOptions())).Message);
    }

    [Fact]
    public void APngInputCanBeWrittenAsPngOrTiff()
    {
        var png = Repo.SharedData("set12/02.png");

        Runner("offset(amount=0)").Run(png, _temp.File("house.png"), new BatchOptions());
        Runner("offset(amount=0)").Run(png, _temp.File("house.tif"), new BatchOptions());

        using var original = ImageFiles.Open(png);
        using var asPng = ImageFiles.Open(_temp.File("house.png"));
        using var asTiff = ImageFiles.Open(_temp.File("house.tif"));
        Assert.Equal(original.ReadPage(0).Pixels, asPng.ReadPage(0).Pixels);
        Assert.Equal(original.ReadPage(0).Pixels, asTiff.ReadPage(0).Pixels);
        Assert.Equal(SampleFormat.UInt8, asTiff.Format);
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _folders.Dispose();
        _temp.Dispose();
    }

    private BatchRunner Runner(string chain) => new(ChainBuilder.Build(chain, _catalog, Serilog.Log.Logger), new Serilog.LoggerConfiguration().CreateLogger());

    private string WriteStack(string name, int pages, SampleFormat format)
    {
        var path = _temp.File(name);
        using var writer = new TiffStackWriter(path, pages);
        for (var p = 0; p < pages; p++)
        {
            writer.Write(Frames.Constant(9, 5, p * 100, format));
        }

        writer.Complete();
        return path;
    }
}
