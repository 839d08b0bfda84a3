using System.Globalization;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Weights;
using static Tacs.Torch.Tests.Plugin.TrainCommandTests;

namespace Tacs.Torch.Tests.Plugin;

/// <summary>The training data and starting points of a blind network: noise ranges, synthetic scenes, --init.</summary>
public sealed class BlindTrainingTests
{
    private static readonly string[] Small = ["--channels", "4,8,8,8", "--blocks", "1", "--patch", "16", "--batch", "2", "--threads", "1"];

    [Fact]
    public void SyntheticScenesAloneTrainAndTheWeightsSaySo()
    {
        using var temp = new TempFolder();
        var (code, error) = TrainCommandTests.Tacs(["train", "drunet", "--scenes", "4", "--scene-size", "48", "--steps", "3", "--output", temp.File("w.drunet"), .. Small]);
        Assert.True(code == 0, error);
        var metadata = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.Contains("4 synthetic fluorescence scenes (48², camera noise, peak 0.5–200 photo-electrons)", metadata.Data, StringComparison.Ordinal);
        Assert.Equal("poisson-gaussian", metadata.NoiseModel);
        Assert.Contains("--scenes 4", metadata.Command, StringComparison.Ordinal);
        Assert.Null(metadata.InitialWeights);
    }

    [Fact]
    public void AScenePeakRangeIsUsedAndRecorded()
    {
        using var temp = new TempFolder();
        var sigmas = new List<double>();
        foreach (var (name, range) in new[] { ("dim", "0.5,1"), ("bright", "100,200") })
        {
            var (code, error) = TrainCommandTests.Tacs(["train", "drunet", "--scenes", "3", "--scene-peaks", range, "--scene-size", "48", "--steps", "1", "--output", temp.File($"{name}.drunet"), .. Small]);
            Assert.True(code == 0, error);
            var metadata = WeightsFile.ReadMetadata(temp.File($"{name}.drunet"));
            Assert.Contains($"3 synthetic fluorescence scenes (48², camera noise, peak {range.Replace(",", "–", StringComparison.Ordinal)} photo-electrons)", metadata.Data, StringComparison.Ordinal);
            sigmas.Add(metadata.TrainingSigma);
        }

        // The same scenes and camera draws, brighter: less noise relative to the signal on the network's scale.
        Assert.True(sigmas[1] < sigmas[0] / 3, $"mean σ on the network's scale: dim {sigmas[0]}, bright {sigmas[1]}");
    }

    [Fact]
    public void ANoiseRangeMakesCopiesEachWithItsOwnSigma()
    {
        using var temp = new TempFolder();
        WritePairs(temp, 2);
        var (code, error) = TrainCommandTests.Tacs(["train", "drunet", "--input", temp.File("clean"), "--add-noise", "5,40", "--noise-copies", "3", "--scenes", "2", "--scene-size", "48", "--steps", "2", "--output", temp.File("w.drunet"), .. Small]);
        Assert.True(code == 0, error);
        var metadata = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.Contains("(6 image(s), Gaussian σ 5–40 added)", metadata.Data, StringComparison.Ordinal);
        Assert.Equal("mixed", metadata.NoiseModel);

        // Each copy is told its own level: the log's first lines show three different σ for the copies of image 1.
        var sigmas = error.Split('\n').Where(l => l.Contains("Training image", StringComparison.Ordinal)).Take(3)
            .Select(l => l[(l.IndexOf("Gaussian σ ", StringComparison.Ordinal) + 11)..].Split(',')[0]).ToList();
        Assert.Equal(3, sigmas.Distinct().Count());
        Assert.All(sigmas, s => Assert.InRange(double.Parse(s, CultureInfo.InvariantCulture), 5, 40));
    }

    [Fact]
    public void SceneMethodScoresTheScenesWithTheirOwnLossAndTheWeightsSaySo()
    {
        using var temp = new TempFolder();
        WritePairs(temp, 2);
        var (code, error) = TrainCommandTests.Tacs(["train", "drunet", "--input", temp.File("clean"), "--add-noise", "5,40", "--noise-copies", "2", "--scenes", "4", "--scene-size", "48", "--scene-method", "sure-pg", "--probes", "1", "--steps", "3", "--output", temp.File("w.drunet"), .. Small]);
        Assert.True(code == 0, error);
        var metadata = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.Equal("r2r+sure-pg", metadata.Method);
        Assert.Equal("mixed", metadata.NoiseModel);
        Assert.Contains("method r2r+sure-pg", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InitShippedStartsFromThePluginsBuiltInWeightsAndRecordsThem()
    {
        using var temp = new TempFolder();
        var (code, error) = TrainCommandTests.Tacs(["train", "drunet", "--init", "shipped", "--plugins", Path.Combine(Repo.AppFolder, "plugins"), "--scenes", "4", "--scene-size", "64", "--steps", "2", "--patch", "32", "--batch", "2", "--threads", "1", "--output", temp.File("w.drunet")]);
        Assert.True(code == 0, error);
        var metadata = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.StartsWith("drunet-blind.drunet (built into", metadata.InitialWeights, StringComparison.Ordinal);
        Assert.Contains("Denoise.DRUNet.dll", metadata.InitialWeights, StringComparison.Ordinal);
        Assert.Contains("trained by: tacs train drunet", metadata.InitialWeights, StringComparison.Ordinal);

        // The network's size comes from the initial weights (not --channels' default) and training moved them.
        (code, error) = TrainCommandTests.Tacs(["train", "drunet", "--init", temp.File("w.drunet"), "--scenes", "4", "--scene-size", "64", "--steps", "1", "--patch", "32", "--batch", "2", "--threads", "1", "--output", temp.File("again.drunet")]);
        Assert.True(code == 0, error);
        var again = WeightsFile.ReadMetadata(temp.File("again.drunet"));
        Assert.Equal(metadata.Channels, again.Channels);
        Assert.StartsWith(temp.File("w.drunet"), again.InitialWeights, StringComparison.Ordinal);

        // The whole history travels with the weights: the shipped file's stage (with its own start), then w.drunet's.
        var shipped = WeightsFile.ReadMetadata(Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-blind.drunet"));
        Assert.Equal(shipped.Lineage.Count + 2, again.Lineage.Count);
        var (start, previous) = (again.Lineage[^2], again.Lineage[^1]);
        Assert.StartsWith("drunet-blind.drunet (built into", start.Weights, StringComparison.Ordinal);
        Assert.Equal(shipped.Command, start.Commands[^1]);
        Assert.Equal(shipped.Steps, start.Steps);
        Assert.Equal(temp.File("w.drunet"), previous.Weights);
        Assert.Equal([metadata.Command], previous.Commands);
        Assert.Equal(metadata.InitialWeights, previous.StartedFrom);

        // tacs weights show prints every stage's command, oldest first, ending with the file's own.
        var (shown, output) = TrainCommandTests.TacsOut(["weights", "show", temp.File("again.drunet")]);
        Assert.Equal(0, shown);
        Assert.Contains($"{again.Lineage.Count + 1} training stage(s) recorded", output, StringComparison.Ordinal);
        var order = new[] { shipped.Command, metadata.Command, again.Command }.Select(c => output.IndexOf("$ " + c, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i >= 0, output));
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void WeightsShowNamesWhatIsWrongWithAFileThatIsNotWeights()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.drunet"), "not weights");
        foreach (var (file, expected) in new[] { (temp.File("missing.drunet"), "no such weights file"), (temp.File("notes.drunet"), "does not start with TACSDRU1") })
        {
            var (code, error) = TrainCommandTests.Tacs(["weights", "show", file]);
            Assert.Equal(1, code);
            Assert.Contains($"tacs weights show {file}: ", error, StringComparison.Ordinal);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WeightsShowReadsOnlyTheHeaderSoAFileCutInItsNumbersStillTellsItsHistory()
    {
        using var temp = new TempFolder();
        var shipped = File.ReadAllBytes(Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-blind.drunet"));
        File.WriteAllBytes(temp.File("cut.drunet"), shipped[..(12 + BitConverter.ToInt32(shipped, 8) + 100)]);
        var (code, output) = TrainCommandTests.TacsOut(["weights", "show", temp.File("cut.drunet")]);
        Assert.Equal(0, code);
        Assert.Contains("training stage(s) recorded", output, StringComparison.Ordinal);

        // Starting training from it is still refused, with the reason.
        var (train, error) = TrainCommandTests.Tacs(["train", "drunet", "--init", temp.File("cut.drunet"), "--scenes", "2", "--output", temp.File("w.drunet"), .. Small]);
        Assert.Equal(1, train);
        Assert.Contains("cut short", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--init|missing.drunet|--scenes|2", "no such weights file")]
    [InlineData("--init|shipped:nope.drunet|--scenes|2", "has built-in weights")]
    [InlineData("--init|shipped|--resume|--scenes|2", "Use one of them")]
    [InlineData("--scenes|2|--add-noise|40,5", "LO ≤ HI")]
    [InlineData("--scenes|2|--add-noise|ten", "LO ≤ HI")]
    [InlineData("--scenes|2|--noise-copies|3", "--noise-copies needs --add-noise")]
    [InlineData("--steps|2", "Give training images with --input")]
    [InlineData("--scenes|-1", "--scenes must be 0–100000")]
    [InlineData("--scenes|2|--scene-size|8", "--scene-size 32–4096")]
    [InlineData("--scenes|2|--scene-peaks|200,3", "--scene-peaks must be LO,HI")]
    [InlineData("--scenes|2|--scene-peaks|0,10", "--scene-peaks must be LO,HI")]
    [InlineData("--scenes|2|--scene-peaks|3", "--scene-peaks must be LO,HI")]
    [InlineData("--scenes|2|--scene-method|sure-pg", "it needs --scenes N together with Gaussian --input images")]
    [InlineData("--scenes|2|--scene-method|magic", "Unknown training method 'magic'")]
    [InlineData("--scenes|2|--method|r2r|--scene-method|n2n|--probes|2", "--probes is only for sure-pg (got --method r2r and --scene-method n2n)")]
    public void BadTrainingDataOptionsGiveOneClearError(string arguments, string expected)
    {
        using var temp = new TempFolder();
        var (code, error) = TrainCommandTests.Tacs(["train", "drunet", .. arguments.Split('|'), "--plugins", Path.Combine(Repo.AppFolder, "plugins"), "--output", temp.File("w.drunet"), .. Small]);
        Assert.Equal(1, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("w.drunet")));
    }
}
