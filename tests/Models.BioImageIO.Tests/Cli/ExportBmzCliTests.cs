using System.Globalization;
using System.Text.RegularExpressions;
using Models.BioImageIO.Tests.Support;
using Tacs.BioImageIO.Export;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Tensors;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;
using Tacs.Torch.Weights;

namespace Models.BioImageIO.Tests.Cli;

/// <summary><c>tacs weights export-bmz</c>, then the package through <c>tacs models test</c> and a <c>tacs run</c> chain.</summary>
public sealed partial class ExportBmzCliTests
{
    [Fact]
    public void ExportedShippedDrunet_PassesModelsTest_AndDenoisesInAChainLikeTorchSharp()
    {
        using var temp = new TempFolder();
        var models = Path.Combine(temp.Path, "models");
        var weights = DrunetFixtures.ShippedWeights();

        var export = CliRunner.Run("weights", "export-bmz", weights, "-o", Path.Combine(models, "house-drunet"), "--author", "Lab A", "--license", "MIT");
        var test = CliRunner.Run("models", "test", "house-drunet", "--models", models);

        Assert.True(export.ExitCode == 0, export.Out + export.Error);
        Assert.Contains("passed", export.Out);
        Assert.True(test.ExitCode == 0, test.Out + test.Error);
        Assert.InRange(double.Parse(Difference().Match(test.Out).Groups[1].Value, CultureInfo.InvariantCulture), 0, 1e-4);
        Assert.Contains("name: \"Lab A\"", File.ReadAllText(Path.Combine(models, "house-drunet", "bioimageio.yaml")));

        var noisy = DrunetFixtures.NoisyHouse();
        using (var writer = new TiffStackWriter(temp.File("noisy.tif"), 1))
        {
            writer.Write(new ImageFrame(256, 256, noisy));
            writer.Complete();
        }

        var run = CliRunner.Run("run", temp.File("noisy.tif"), "-o", temp.File("denoised.tif"), "--chain", "house-drunet", "--models", models);

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        using var output = ImageFiles.Open(temp.File("denoised.tif"));
        var denoised = output.ReadPage(0).Pixels;
        var expected = TorchSharpInImageUnits(weights, noisy);
        var range = noisy.Max() - noisy.Min();
        Assert.InRange(denoised.Zip(expected).Max(p => Math.Abs(p.First - p.Second)), 0, (1e-4 * range) + 1e-3);
    }

    [Fact]
    public void Export_IntoAnExistingPackage_NeedsOverwrite()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bioimageio.yaml"), "format_version: 0.5.4\n");

        var (code, _, error) = CliRunner.Run("weights", "export-bmz", DrunetFixtures.ShippedWeights(), "-o", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("--overwrite", error);
        Assert.Equal("format_version: 0.5.4\n", File.ReadAllText(temp.File("bioimageio.yaml")));
    }

    [Fact]
    public void Export_NotAWeightsFile_SaysSo()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("fake.drunet"), "not weights");

        var (code, _, error) = CliRunner.Run("weights", "export-bmz", temp.File("fake.drunet"), "-o", temp.File("package"));

        Assert.Equal(1, code);
        Assert.Contains("not a Tacs DRUNet weights file", error);
    }

    // The package's recipe done by hand with TorchSharp: scale_range, the network at the training σ, and the scale undone.
    private static float[] TorchSharpInImageUnits(string weights, float[] noisy)
    {
        var (network, metadata) = WeightsFile.Load(weights);
        using (network)
        {
            var prepared = Processor.Apply(new NdTensor([1, 1, 256, 256], ["batch", "channel", "y", "x"], noisy), DrunetPackageExporter.Preprocessing).Data;
            var result = DrunetPackageExporter.RunTorch(network, prepared, 256, 256, metadata.TrainingSigma);
            var (low, high) = (Array.IndexOf(noisy, noisy.Min()), Array.IndexOf(noisy, noisy.Max()));
            var gain = ((double)prepared[high] - prepared[low]) / ((double)noisy[high] - noisy[low]);
            var offset = prepared[low] - (gain * noisy[low]);
            return [.. result.Select(v => (float)((v - offset) / gain))];
        }
    }

    [GeneratedRegex(@"max abs difference ([0-9.Ee+-]+) ")]
    private static partial Regex Difference();
}
