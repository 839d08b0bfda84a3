using Tacs.Torch.Model;
using Tacs.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Model;

public sealed class DrunetNetworkTests
{
    [Fact]
    public void TheNetworkKeepsTheImageSizeAndHasNoBiases()
    {
        using var network = Synthetic.TinyNetwork();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = network.Denoise(rand(2, 1, 40, 24), tensor(new[] { 0.1f, 0.2f }));
        Assert.Equal([2L, 1, 40, 24], output.shape);
        Assert.DoesNotContain(network.named_parameters(), p => p.name.EndsWith("bias", StringComparison.Ordinal));
    }

    [Fact]
    public void TheNoiseLevelChannelChangesTheOutput()
    {
        using var network = Synthetic.TinyNetwork();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var image = rand(1, 1, 16, 16);
        var low = network.Denoise(image, tensor(new[] { 0.01f }));
        var high = network.Denoise(image, tensor(new[] { 0.5f }));
        Assert.True((low - high).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void ParameterCountsMatchThePublishedSizes()
    {
        // Zhang et al. 2021 report 32.6 M parameters for nc=(64,128,256,512), nb=4; domain.md 4.25 M for (32..256), nb=2.
        using var paper = new DrunetNetwork(DrunetOptions.Paper);
        Assert.InRange(paper.ParameterCount, 32_500_000, 32_700_000);
        using var medium = new DrunetNetwork(new DrunetOptions([32, 64, 128, 256], 2));
        Assert.InRange(medium.ParameterCount, 4_200_000, 4_300_000);
    }

    [Theory]
    [InlineData(new[] { 16, 32, 64 }, 1, "four channel widths")]
    [InlineData(new[] { 16, 32, 0, 128 }, 1, "four channel widths")]
    [InlineData(new[] { 16, 32, 64, 128 }, 0, "1–8 residual blocks")]
    public void ImpossibleSizesAreRefusedWithAReason(int[] channels, int blocks, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new DrunetNetwork(new DrunetOptions(channels, blocks)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
