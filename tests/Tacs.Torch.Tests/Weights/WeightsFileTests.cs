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
