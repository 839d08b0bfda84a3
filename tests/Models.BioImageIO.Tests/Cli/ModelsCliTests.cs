using System.Globalization;
using System.Text.RegularExpressions;
using Models.BioImageIO.Tests.Support;

namespace Models.BioImageIO.Tests.Cli;

/// <summary><c>tacs models list|show|test</c> on the real package in ../shared/data/bmz and on damaged copies of it.</summary>
public sealed partial class ModelsCliTests
{
    [Fact]
    public void Test_SharedPackage_ReproducesItsTestOutputWithinTolerance()
    {
        var (code, output, error) = CliRunner.Run("models", "test", SharedModel.Id, "--models", SharedModel.ModelsFolder);

        Assert.True(code == 0, output + error);
        Assert.Contains("passed", output);
        var difference = double.Parse(Difference().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(difference, 0, 1e-4);
    }

    [Fact]
    public void Test_TighterToleranceThanTheModelReaches_Fails()
    {
        var (code, output, _) = CliRunner.Run("models", "test", SharedModel.Id, "--models", SharedModel.ModelsFolder, "--tolerance", "1e-12");

        Assert.Equal(4, code);
        Assert.Contains("FAILED", output);
    }

    [Fact]
    public void ListAndShow_DescribeThePackage()
    {
        var (listCode, list, _) = CliRunner.Run("models", "list", "--models", SharedModel.ModelsFolder);
        var (showCode, show, _) = CliRunner.Run("models", "show", SharedModel.Id, "--models", SharedModel.ModelsFolder);

        Assert.Equal(0, listCode);
        Assert.Matches(@"unet2d_nuclei_broad\s+image model\s+0\.5\.4\s+onnx", list);
        Assert.Equal(0, showCode);
        Assert.Contains("zero_mean_unit_variance(axes=[x, y])", show);
        Assert.Contains("x[=raw.x] halo 32", show);
        Assert.Contains("doi:10.1007/978-3-319-24574-4_28", show);
    }

    [Fact]
    public void Test_WeightsWithWrongSha256_AreRefusedNamingTheFile()
    {
        using var temp = new TempFolder();
        var package = SharedModel.CopyTo(temp.Path);
        SharedModel.EditDescription(package, "85f5ac80fa977fea3562ef97c8c5950288be2c4f4cdb5d994807df97008ce088", new string('0', 64));

        var (code, _, error) = CliRunner.Run("models", "test", SharedModel.Id, "--models", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("weights.onnx has sha256 85f5ac80", error);
        Assert.Contains("Re-download", error);
    }

    [Fact]
    public void Test_MissingTestTensor_IsNamed()
    {
        using var temp = new TempFolder();
        var package = SharedModel.CopyTo(temp.Path);
        File.Delete(Path.Combine(package, "test_output.npy"));

        var (code, _, error) = CliRunner.Run("models", "test", SharedModel.Id, "--models", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("test_output.npy", error);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public void List_CorruptYamlBesideAGoodPackage_ReportsItAndKeepsTheOther()
    {
        using var temp = new TempFolder();
        SharedModel.CopyTo(temp.Path);
        var broken = SharedModel.CopyTo(temp.Path, "broken_model");
        File.WriteAllText(Path.Combine(broken, "bioimageio.yaml"), "name: broken\ninputs: [\n  - id: raw\n");

        var (code, output, _) = CliRunner.Run("models", "list", "--models", temp.Path);

        Assert.Equal(0, code);
        Assert.Matches(@"unet2d_nuclei_broad\s+image model.*\sok\s", output);
        Assert.Matches(@"broken_model\s+-.*failed", output);
        Assert.Contains("is not valid YAML", output);
    }

    [Fact]
    public void Test_PackageWithoutOnnxOrTorchScriptWeights_SaysWhichFormatsItHas()
    {
        using var temp = new TempFolder();
        var package = SharedModel.CopyTo(temp.Path);
        SharedModel.EditDescription(package, "  onnx:", "  keras_hdf5:");
        SharedModel.EditDescription(package, "  torchscript:", "  tensorflow_js:");

        var (code, _, error) = CliRunner.Run("models", "test", SharedModel.Id, "--models", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("tacs runs ONNX and TorchScript weights", error);
        Assert.Contains("keras_hdf5", error);
    }

    [Fact]
    public void Test_CudaOnThisCpuBuild_GivesAClearMessage()
    {
        var (code, _, error) = CliRunner.Run("models", "test", SharedModel.Id, "--models", SharedModel.ModelsFolder, "--provider", "cuda");

        Assert.Equal(1, code);
        Assert.Contains("cuda is not available", error);
        Assert.Contains("--provider cpu", error);
    }

    [Fact]
    public void Test_UnknownModel_ListsTheKnownOnes()
    {
        var (code, _, error) = CliRunner.Run("models", "test", "no_such_model", "--models", SharedModel.ModelsFolder);

        Assert.Equal(1, code);
        Assert.Contains("No model 'no_such_model'", error);
        Assert.Contains(SharedModel.Id, error);
    }

    [GeneratedRegex(@"max abs difference ([0-9.Ee+-]+) ")]
    private static partial Regex Difference();
}
