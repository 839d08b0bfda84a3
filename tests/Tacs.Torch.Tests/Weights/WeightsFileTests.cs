using Tacs.Torch.Tests.Support;
using Tacs.Torch.Weights;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Weights;

public sealed class WeightsFileTests
{
    [Fact]
    public void WeightsAndMetadataSaveAndLoadExactly()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 21);
        var path = temp.File("w.drunet");
        WeightsFile.Save(path, network, new WeightsMetadata { Method = "r2r", Command = "tacs train drunet --input x", Steps = 12, TrainingSigma = 0.1 });

        var (loaded, metadata) = WeightsFile.Load(path);
        using (loaded)
        {
            var original = network.state_dict();
            var restored = loaded.state_dict();
            Assert.Equal(original.Keys.Order(), restored.Keys.Order());
            foreach (var (name, value) in original)
            {
                Assert.Equal(value.data<float>().ToArray(), restored[name].data<float>().ToArray());
            }

            Assert.Equal("r2r", metadata.Method);
            Assert.Equal("tacs train drunet --input x", metadata.Command);
            Assert.Equal(12, metadata.Steps);
            Assert.Equal([4, 8, 8, 8], metadata.Channels);
            Assert.Equal(network.ParameterCount, metadata.ParameterCount);
        }
    }

    [Fact]
    public void TheTrainingHistoryIsKeptNewestFirstWithinItsLimitAndSurvivesSaving()
    {
        var metadata = new WeightsMetadata { Method = "r2r", Command = "tacs train drunet --steps 0" };
        for (var stage = 1; stage <= WeightsMetadata.MaxLineage + 6; stage++)
        {
            var next = WeightsMetadata.StartingFrom($"stage{stage - 1}.drunet", metadata);
            next.Method = "r2r";
            next.Command = $"tacs train drunet --steps {stage}";
            metadata = next;
        }

        Assert.Equal(WeightsMetadata.MaxLineage, metadata.Lineage.Count);
        Assert.Equal(6, metadata.OmittedStages);
        Assert.Equal($"stage{WeightsMetadata.MaxLineage + 5}.drunet", metadata.Lineage[^1].Weights);
        Assert.Equal([$"tacs train drunet --steps {WeightsMetadata.MaxLineage + 5}"], metadata.Lineage[^1].Commands);
        Assert.Equal("tacs train drunet --steps 6", metadata.Lineage[0].Commands[0]);

        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 3);
        WeightsFile.Save(temp.File("w.drunet"), network, metadata);
        var loaded = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.Equal(metadata.Lineage.Select(s => s.Commands[0]), loaded.Lineage.Select(s => s.Commands[0]));
        Assert.Equal(6, loaded.OmittedStages);
    }

    [Fact]
    public void AHistoryTooLongForTheHeaderDropsItsOldestStagesInsteadOfWritingAnUnreadableFile()
    {
        var metadata = new WeightsMetadata { Method = "r2r", Command = "tacs train drunet" };
        metadata.Lineage.AddRange(Enumerable.Range(0, 10).Select(i => new TrainingStage { Weights = $"s{i}", Commands = [new string('x', 300_000)] }));
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork(seed: 3);
        WeightsFile.Save(temp.File("w.drunet"), network, metadata);
        var loaded = WeightsFile.ReadMetadata(temp.File("w.drunet"));
        Assert.InRange(loaded.Lineage.Count, 1, 3);
        Assert.Equal("s9", loaded.Lineage[^1].Weights);
        Assert.Equal(10 - loaded.Lineage.Count, loaded.OmittedStages);

        // A command line alone beyond the limit is refused with the reason, and nothing is written.
        var huge = new WeightsMetadata { Command = new string('y', 1_100_000) };
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Save(temp.File("huge.drunet"), network, huge));
        Assert.Contains("more than the", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("huge.drunet")));
    }

    [Fact]
    public void HalfPrecisionFilesAreSmallerAndLoadBackAsFloat32WithinFloat16Rounding()
    {
        using var temp = new TempFolder();
        random.manual_seed(4);
        using var network = new Tacs.Torch.Model.DrunetNetwork(new Tacs.Torch.Model.DrunetOptions([8, 16, 16, 16], 1));
        WeightsFile.Save(temp.File("full.drunet"), network, new WeightsMetadata { Method = "r2r" });
        var before = network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        WeightsFile.Save(temp.File("half.drunet"), network, new WeightsMetadata { Method = "r2r" }, half: true);
        Assert.Equal(before, network.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray());
        Assert.InRange(new FileInfo(temp.File("half.drunet")).Length, 1, new FileInfo(temp.File("full.drunet")).Length * 6 / 10);
        Assert.Equal(ScalarType.Float32, network.parameters().First().dtype);

        var (loaded, metadata) = WeightsFile.Load(temp.File("half.drunet"));
        using (loaded)
        {
            Assert.Equal(WeightsFile.Float16, metadata.Precision);
            var restored = loaded.state_dict();
            foreach (var (name, value) in network.state_dict())
            {
                Assert.Equal(ScalarType.Float32, restored[name].dtype);
                var expected = value.data<float>().ToArray();
                var actual = restored[name].data<float>().ToArray();
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= (Math.Abs(expected[i]) * 1e-3) + 1e-7, $"{name}[{i}]: {expected[i]} became {actual[i]}");
                }
            }
        }
    }

    [Fact]
    public void NullsWhereAHistoryBelongsReadAsEmpty()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork();
        var path = temp.File("w.drunet");
        var metadata = WeightsMetadata.StartingFrom("a.drunet", new WeightsMetadata { Command = "tacs train drunet" });
        WeightsFile.Save(path, network, metadata);
        var bytes = File.ReadAllBytes(path);
        var length = BitConverter.ToInt32(bytes, 8);
        var json = System.Text.Encoding.UTF8.GetString(bytes, 12, length)
            .Replace("\"commands\": [\n        \"tacs train drunet\"\n      ]", "\"commands\": [null, \"x\"]", StringComparison.Ordinal)
            .Replace("\"earlierCommands\": []", "\"earlierCommands\": null", StringComparison.Ordinal)
            .Replace("\"command\": \"\"", "\"command\": null", StringComparison.Ordinal);
        Assert.Contains("[null, \"x\"]", json, StringComparison.Ordinal);
        var edited = System.Text.Encoding.UTF8.GetBytes(json);
        File.WriteAllBytes(path, [.. bytes.Take(8), .. BitConverter.GetBytes(edited.Length), .. edited, .. bytes.Skip(12 + length)]);

        var loaded = WeightsFile.ReadMetadata(path);
        Assert.Equal(["x"], loaded.Lineage.Single().Commands);
        Assert.Empty(loaded.EarlierCommands);
        Assert.Equal("", loaded.Command);
    }

    [Fact]
    public void AnUnknownPrecisionIsRefused()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork();
        var path = temp.File("w.drunet");
        WeightsFile.Save(path, network, new WeightsMetadata());
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.Latin1.GetString(bytes).Replace("\"precision\": \"float32\"", "\"precision\": \"float64\"", StringComparison.Ordinal);
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(text));
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path));
        Assert.Contains("precision 'float64'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotWeightsIsRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bad.drunet"), "hello, I am a text file");
        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Load(temp.File("bad.drunet")));
        Assert.Contains("not a Tacs DRUNet weights file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACutFileIsRefused()
    {
        using var temp = new TempFolder();
        using var network = Synthetic.TinyNetwork();
        var path = temp.File("w.drunet");
        WeightsFile.Save(path, network, new WeightsMetadata());
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        Assert.Throws<InvalidDataException>(() => WeightsFile.Load(path));
    }

    [Fact]
    public void AMissingFileSaysWhatToDo()
    {
        var error = Assert.Throws<FileNotFoundException>(() => WeightsFile.Load("/nonexistent/w.drunet"));
        Assert.Contains("docs/drunet.md", error.Message, StringComparison.Ordinal);
    }
}
