using Models.BioImageIO.Tests.Support;
using Tacs.BioImageIO.Packages;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Models.BioImageIO.Tests.Cli;

/// <summary>A model package as a step of <c>tacs run --chain</c>, through the plugin loaded from its folder.</summary>
public sealed class ModelChainTests
{
    [Fact]
    public void Run_ChainWithTheSharedModel_GivesItsTestOutputAsAFloatImage()
    {
        using var temp = new TempFolder();
        var package = ModelPackage.Open(SharedModel.Package);
        var input = package.ReadTestTensor(package.Description.Inputs[0]);
        var expected = package.ReadTestTensor(package.Description.Outputs[0]);
        var frame = new ImageFrame(512, 512, input.Data);
        var inputPath = temp.File("raw.tif");
        using (var writer = new TiffStackWriter(inputPath, 1))
        {
            writer.Write(frame);
            writer.Complete();
        }

        var (code, output, error) = CliRunner.Run("run", inputPath, "-o", temp.File("probability.tif"), "--chain", SharedModel.Id, "--models", SharedModel.ModelsFolder);

        Assert.True(code == 0, output + error);
        using var result = ImageFiles.Open(temp.File("probability.tif"));
        Assert.Equal(SampleFormat.Float32, result.Format);
        var pixels = result.ReadPage(0).Pixels;
        var worst = pixels.Zip(expected.Data).Max(p => Math.Abs(p.First - p.Second));
        Assert.InRange(worst, 0, 1e-4);
    }

    [Fact]
    public void Run_LargerFrame_IsTiledIntoTheModelsFixedWindows()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run(
            "run", Repo.SharedData("hagen/hagen_0.tif"), "-o", temp.File("nuclei.tif"), "--chain", SharedModel.Id, "--models", SharedModel.ModelsFolder);

        Assert.True(code == 0, output + error);
        using var result = ImageFiles.Open(temp.File("nuclei.tif"));
        Assert.Equal((1024, 1024), (result.Width, result.Height));
        var pixels = result.ReadPage(0).Pixels;
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.True(pixels.Max() - pixels.Min() > 0.5, "a sigmoid output over a real image should span most of 0–1");
    }

    [Fact]
    public void Acquire_WithTheModelInTheChain_ProcessesEveryFrame()
    {
        using var temp = new TempFolder();

        var (code, output, error) = CliRunner.Run(
            "acquire", "--source", "sim", "--fps", "0", "--frames", "2", "--size", "256", "--chain", SharedModel.Id,
            "--models", SharedModel.ModelsFolder, "-o", temp.File("raw.tif"), "--step-timeout", "120");

        Assert.True(code == 0, output + error);
        Assert.Matches(@"model\.unet2d_nuclei_broad\s+1\.0\.0\s+2\s+0\s+0\s+0\s", output);
    }

    [Fact]
    public void Run_WithProviderCudaOnThisCpuBuild_FailsEachPageWithTheReason()
    {
        using var temp = new TempFolder();

        var (code, output, error) = CliRunner.Run(
            "run", Repo.SharedData("set12/01.png"), "-o", temp.File("out.tif"), "--chain", SharedModel.Id + "(provider=cuda)", "--models", SharedModel.ModelsFolder);

        // A step that fails on a page costs that page (issue 18): the page is written unchanged (--on-frame-error raw),
        // its provenance and the log say why, and the exit code (5) says pages failed.
        Assert.Equal(5, code);
        Assert.Contains("cuda is not available", output + error);
        Assert.True(File.Exists(temp.File("out.tif")));
    }

    [Fact]
    public void ThreeChannelInput_IsListedAsUnfitForChains_InBothLists()
    {
        using var temp = new TempFolder();
        var package = SharedModel.CopyTo(temp.Path, "rgb_model");
        var newline = File.ReadAllText(Path.Combine(package, "bioimageio.yaml")).Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        SharedModel.EditDescription(package, "- raw_intensity", $"- red{newline}          - green{newline}          - blue");

        var plugins = CliRunner.Run("plugins", "list", "--models", temp.Path);
        var models = CliRunner.Run("models", "list", "--models", temp.Path);

        Assert.Contains("input axis 'channel' (channel) needs 3 entries", plugins.Out);
        Assert.DoesNotContain("model.rgb_model", plugins.Out);
        Assert.Matches(@"rgb_model\s+image model.*not in chains", models.Out);
        Assert.Contains("cannot run in chains: rgb_model: input axis 'channel'", models.Out);
    }

    [Fact]
    public void PluginsList_ShowsEachModelAsAPlugin_AndABrokenPackageAsFailed()
    {
        using var temp = new TempFolder();
        SharedModel.CopyTo(temp.Path);
        var broken = SharedModel.CopyTo(temp.Path, "damaged");
        SharedModel.EditDescription(broken, "format_version: 0.5.4", "format_version: 0.3.0");

        var (code, output, _) = CliRunner.Run("plugins", "list", "--models", temp.Path);

        // plugins list exits 6 when any plugin (here the damaged package) failed, so scripts notice.
        Assert.Equal(6, code);
        Assert.Matches(@"model\.unet2d_nuclei_broad\s+unet2d_nuclei_broad\s+1\.0\.0\s+denoiser\s+loaded\s+Models\.BioImageIO", output);
        Assert.Contains("damaged: ", output);
        Assert.Contains("tacs reads 0.4 and 0.5", output);
    }
}
