using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Models.BioImageIO.Tests.Support;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.BioImageIO.Tensors;
using Tacs.Host.Imaging;

namespace Models.BioImageIO.Tests.Runtime;

/// <summary>TorchScript weights written by PyTorch (Debian's python3-torch) run through TorchSharp: models test, chains, acquire.</summary>
public sealed partial class TorchScriptTests
{
    [Fact]
    public void TorchScriptOnly_ModelsTest_ReproducesTorchsOwnOutput()
    {
        using var temp = new TempFolder();
        TorchScriptFixture.Write(temp.Path);

        var list = CliRunner.Run("models", "list", "--models", temp.Path);
        var (code, output, error) = CliRunner.Run("models", "test", TorchScriptFixture.Id, "--models", temp.Path);

        Assert.Matches(@"tiny-torchscript\s+image model\s+0\.5\.4\s+torchscript\s+ok", list.Out);
        Assert.True(code == 0, output + error);
        Assert.Contains("torchscript weights", output);
        var worst = double.Parse(MaxDifference().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(worst, 0, 1e-5);
    }

    [Fact]
    public void TorchScriptPackage_AsAZip_ReproducesTorchsOutput()
    {
        using var temp = new TempFolder();
        var folder = TorchScriptFixture.Write(temp.Path, name: "unzipped");
        var zip = temp.File("tiny.zip");
        ZipFile.CreateFromDirectory(folder, zip);

        using var runner = new ModelRunner(ModelPackage.Open(zip));
        var result = Assert.Single(ModelTest.Run(runner));

        Assert.Equal("torchscript", runner.WeightsFormat);
        Assert.InRange(result.MaxAbsDifference, 0, 1e-5);
    }

    [Fact]
    public void SameNetwork_ExportedAsOnnxAndTorchScript_GivesTheSameOutput()
    {
        using var temp = new TempFolder();
        var package = ModelPackage.Open(TorchScriptFixture.Write(temp.Path, withOnnx: true));
        using var image = ImageFiles.Open(Repo.SharedData("hagen/hagen_0.tif"));
        var real = new NdTensor([1, 1, 1024, 1024], package.Description.Inputs[0].AxisIds, image.ReadPage(0).Pixels);

        using var auto = new ModelRunner(package);
        using var onnx = new ModelRunner(package, weights: "onnx");
        using var torchscript = new ModelRunner(package, weights: "torchscript");
        var fromOnnx = onnx.Run([real])[0];
        var fromTorchScript = torchscript.Run([real])[0];

        Assert.Equal("onnx", auto.WeightsFormat);
        Assert.Equal("torchscript", torchscript.WeightsFormat);
        Assert.Equal([1, 1, 1024, 1024], fromTorchScript.Shape);
        Assert.True(fromOnnx.Data.Max() - fromOnnx.Data.Min() > 1, "the network's output over a real image should vary");
        Assert.InRange(fromOnnx.MaxAbsDifference(fromTorchScript), 0, 1e-5);
    }

    [Fact]
    public void TorchScriptOnly_InAChainOnARealTiff_IsTiledAndMatchesTheWholeFrame()
    {
        using var temp = new TempFolder();
        var package = ModelPackage.Open(TorchScriptFixture.Write(temp.Path));
        var input = Repo.SharedData("hagen/hagen_0.tif");

        var (code, output, error) = CliRunner.Run("run", input, "-o", temp.File("out.tif"), "--chain", TorchScriptFixture.Id + "(tile=256)", "--models", temp.Path);

        Assert.True(code == 0, output + error);
        using var source = ImageFiles.Open(input);
        using var runner = new ModelRunner(package);
        var whole = runner.Run([new NdTensor([1, 1, 1024, 1024], package.Description.Inputs[0].AxisIds, source.ReadPage(0).Pixels)])[0];
        using var result = ImageFiles.Open(temp.File("out.tif"));
        var pixels = result.ReadPage(0).Pixels;
        Assert.InRange(pixels.Zip(whole.Data).Max(p => Math.Abs(p.First - p.Second)), 0, 1e-4);
    }

    [Fact]
    public void TorchScriptOnly_InAcquire_ProcessesTheFrames()
    {
        using var temp = new TempFolder();
        TorchScriptFixture.Write(temp.Path);

        var (code, output, error) = CliRunner.Run(
            "acquire", "--source", "sim", "--fps", "0", "--frames", "2", "--size", "128", "--chain", TorchScriptFixture.Id,
            "--models", temp.Path, "-o", temp.File("raw.tif"), "--step-timeout", "120");

        Assert.True(code == 0, output + error);
        Assert.Matches(@"model\.tiny-torchscript\s+1\.0\.0\s+2\s+0\s+0\s+0\s", output);
    }

    [Fact]
    public void WeightsOnnx_OnATorchScriptOnlyPackage_SaysWhichWeightsItHas()
    {
        using var temp = new TempFolder();
        TorchScriptFixture.Write(temp.Path);

        var (code, output, error) = CliRunner.Run("models", "test", TorchScriptFixture.Id, "--models", temp.Path, "--weights", "onnx");

        Assert.NotEqual(0, code);
        Assert.Contains("weights=onnx was asked for, and this package has torchscript", output + error);
    }

    [Fact]
    public void WeightsParameterInAChain_ReachesTheModel()
    {
        using var temp = new TempFolder();
        TorchScriptFixture.Write(temp.Path);
        var input = Repo.SharedData("shg/1B-a1.tif");

        var torchscript = CliRunner.Run("run", input, "-o", temp.File("a.tif"), "--chain", TorchScriptFixture.Id + "(weights=torchscript)", "--models", temp.Path);
        var onnx = CliRunner.Run("run", input, "-o", temp.File("b.tif"), "--chain", TorchScriptFixture.Id + "(weights=onnx)", "--models", temp.Path);

        Assert.True(torchscript.ExitCode == 0, torchscript.Out + torchscript.Error);
        Assert.Equal(5, onnx.ExitCode);
        Assert.Contains("weights=onnx was asked for, and this package has torchscript", onnx.Out + onnx.Error);
    }

    [Fact]
    public void DamagedTorchScript_IsRefused_NamingTheFileOrLibtorchsReason()
    {
        using var temp = new TempFolder();
        var folder = TorchScriptFixture.Write(temp.Path);
        var weights = Path.Combine(folder, "weights.pt");
        var bytes = File.ReadAllBytes(weights);
        var declared = Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        var wrongChecksum = CliRunner.Run("models", "test", TorchScriptFixture.Id, "--models", temp.Path);
        var description = Path.Combine(folder, "bioimageio.yaml");
        File.WriteAllText(description, File.ReadAllText(description).Replace(declared, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(weights))), StringComparison.Ordinal));
        var truncated = CliRunner.Run("models", "test", TorchScriptFixture.Id, "--models", temp.Path);

        Assert.NotEqual(0, wrongChecksum.ExitCode);
        Assert.Contains("weights.pt", wrongChecksum.Out + wrongChecksum.Error);
        Assert.Contains("sha256", wrongChecksum.Out + wrongChecksum.Error);
        Assert.NotEqual(0, truncated.ExitCode);
        Assert.Contains("libtorch cannot load the TorchScript weights", truncated.Out + truncated.Error);
    }

    [GeneratedRegex(@"max abs difference (\S+) ")]
    private static partial Regex MaxDifference();
}
