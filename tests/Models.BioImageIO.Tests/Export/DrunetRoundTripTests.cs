using Models.BioImageIO.Tests.Support;
using Tacs.BioImageIO.Export;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Runtime;
using Tacs.BioImageIO.Tensors;
using Tacs.Torch.Weights;

namespace Models.BioImageIO.Tests.Export;

/// <summary>An exported DRUNet package, imported back, gives the TorchSharp network's output.</summary>
public sealed class DrunetRoundTripTests
{
    private static ExportOptions Options => new("round trip", ["Tacs tests"], "MIT", null, "test");

    [Theory]
    [InlineData("drunet-bsd68-r2r-s25.drunet")]
    [InlineData("drunet-bsd68-r2r-s25-wide.drunet")]
    [InlineData("drunet-blind.drunet")]
    public void ImportedPackage_MatchesTorchSharp_OnAnImageOtherThanItsTestTensor(string weights)
    {
        using var temp = new TempFolder();
        var (network, metadata) = WeightsFile.Load(DrunetFixtures.ShippedWeights(weights));
        using (network)
        {
            var synthetic = new float[64 * 64];
            for (var i = 0; i < synthetic.Length; i++)
            {
                synthetic[i] = (i % 64) + (i / 64);
            }

            DrunetPackageExporter.Export(network, metadata, weights, synthetic, 64, 64, Options, temp.Path);
            var house = DrunetFixtures.NoisyHouse();
            var prepared = Processor.Apply(new NdTensor([1, 1, 256, 256], ["batch", "channel", "y", "x"], house), DrunetPackageExporter.Preprocessing);
            var expected = DrunetPackageExporter.RunTorch(network, prepared.Data, 256, 256, metadata.TrainingSigma);

            using var runner = new ModelRunner(ModelPackage.Open(temp.Path));
            var actual = runner.RunNetwork([prepared])[0];

            Assert.Equal([1, 1, 256, 256], actual.Shape);
            var worst = actual.Data.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
            Assert.InRange(worst, 0, 1e-4);
            Assert.True(ModelTest.Run(runner).Single().MaxAbsDifference <= 1e-4);
        }
    }

    [Fact]
    public void Package_DescribesADenoiserWithCitationsAndTheTrainingCommand()
    {
        using var temp = new TempFolder();
        var (network, metadata) = WeightsFile.Load(DrunetFixtures.ShippedWeights());
        using (network)
        {
            var result = DrunetPackageExporter.Export(network, metadata, "shipped.drunet", DrunetFixtures.NoisyHouse(), 256, 256, Options, temp.Path);

            var package = ModelPackage.Open(temp.Path);
            var yaml = File.ReadAllText(temp.File("bioimageio.yaml"));
            Assert.True(package.Description.IsDenoising);
            Assert.Equal("0.5.4", package.Description.FormatVersion);
            Assert.Empty(package.Problems());
            Assert.Contains(package.Description.Citations, c => c.Contains("Plug-and-Play Image Restoration", StringComparison.Ordinal));
            Assert.Contains(package.Description.Citations, c => c.Contains("Recorrupted-to-Recorrupted", StringComparison.Ordinal));
            Assert.Contains(metadata.Command, yaml);
            Assert.Equal(32, package.Description.Outputs[0].Axis(AxisKind.Space, "y")!.Halo);
            Assert.Equal((32, 8), (package.Description.Inputs[0].Axes[2].Min, package.Description.Inputs[0].Axes[2].Step));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(temp.File("cover.png")).Take(4));
            Assert.Contains("cover.png", result.Files);
        }
    }

    [Fact]
    public void Package_RecordsEveryEarlierTrainingStageOfFineTunedWeights()
    {
        using var temp = new TempFolder();
        var (network, shipped) = WeightsFile.Load(DrunetFixtures.ShippedWeights());
        using (network)
        {
            var tuned = WeightsMetadata.StartingFrom("drunet-bsd68-r2r-s25.drunet", shipped);
            tuned.Method = "r2r";
            tuned.Data = "stack.tif (1 image(s))";
            tuned.TrainingSigma = shipped.TrainingSigma;
            tuned.EarlierCommands = ["tacs train drunet --input stack.tif --init shipped --steps 600 -o mine.drunet"];
            tuned.Command = "tacs train drunet --input stack.tif --init shipped --steps 600 -o mine.drunet --resume";
            DrunetPackageExporter.Export(network, tuned, "mine.drunet", DrunetFixtures.NoisyHouse(), 256, 256, Options, temp.Path);

            var package = ModelPackage.Open(temp.Path);
            Assert.Empty(package.Problems());
            var yaml = File.ReadAllText(temp.File("bioimageio.yaml"));
            var earlier = yaml.IndexOf("earlier_training_commands:", StringComparison.Ordinal);
            Assert.True(earlier > 0, yaml);
            Assert.True(yaml.IndexOf(shipped.Command, earlier, StringComparison.Ordinal) < yaml.IndexOf(tuned.EarlierCommands[0], earlier, StringComparison.Ordinal));
            var readme = File.ReadAllText(temp.File("README.md"));
            Assert.Contains("`drunet-bsd68-r2r-s25.drunet`: r2r on", readme, StringComparison.Ordinal);
            Assert.Contains(shipped.Command, readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PoissonGaussianWeights_AreRefusedWithTheReason()
    {
        using var temp = new TempFolder();
        var (network, metadata) = WeightsFile.Load(DrunetFixtures.ShippedWeights());
        using (network)
        {
            metadata.NoiseModel = "poisson-gaussian";

            var error = Assert.Throws<ArgumentException>(() =>
                DrunetPackageExporter.Export(network, metadata, "pg.drunet", DrunetFixtures.NoisyHouse(), 256, 256, Options, temp.Path));

            Assert.Contains("Anscombe", error.Message);
            Assert.False(File.Exists(temp.File("bioimageio.yaml")));
        }
    }

    [Fact]
    public void TiledFrame_AgreesWithTheWholeFrame_WithinAGreyLevel()
    {
        using var temp = new TempFolder();
        var (network, metadata) = WeightsFile.Load(DrunetFixtures.ShippedWeights());
        using (network)
        {
            DrunetPackageExporter.Export(network, metadata, "shipped.drunet", DrunetFixtures.NoisyHouse(), 256, 256, Options, temp.Path);
        }

        using var runner = new ModelRunner(ModelPackage.Open(temp.Path));
        var model = new FrameModel(runner);
        var house = DrunetFixtures.NoisyHouse();

        var whole = model.Run(house, 256, 256, tile: 512, channel: 0, restoreScale: true, CancellationToken.None);
        var tiled = model.Run(house, 256, 256, tile: 128, channel: 0, restoreScale: true, CancellationToken.None);

        var differences = whole.Zip(tiled).Select(p => Math.Abs(p.First - p.Second)).ToArray();
        // Measured: mean 0.003, largest 0.22 grey levels with 4×4 tiles of 128 px (halo 32) against one 256 px window.
        Assert.InRange(differences.Average(), 0, 0.02);
        Assert.InRange(differences.Max(), 0, 1.0);
        // Denoised in grey levels (restoreScale): the house image's 0–255 range, not the network's 0–1.
        Assert.InRange(whole.Average(), 80, 200);
    }
}
