using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Tests.Support;
using Tacs.Torch.Weights;

namespace Tacs.Torch.Tests.Inference;

/// <summary>The network run by ONNX Runtime gives what libtorch gives, on every path a frame can take.</summary>
public sealed class OnnxEngineTests
{
    [Theory]
    [InlineData(37, 23, false, false)]
    [InlineData(250, 170, false, false)]
    [InlineData(250, 170, true, false)]
    [InlineData(64, 48, false, true)]
    public void OnnxRuntimeAndLibtorchAgreeWithin1e4(int width, int height, bool pixelShuffle, bool selfEnsemble)
    {
        using var network = Synthetic.TinyNetwork();
        network.eval();
        using var onnx = OnnxWindowNetwork.Create(network, threads: 0);
        var (_, noisy) = Synthetic.Image(width, height, 0.1, seed: width + height);
        // A 96-pixel window cuts the 250 × 170 frame into tiles, so the seams are compared too.
        var tiling = new TilingOptions(Window: 96, Margin: 16, Blend: 16);

        var (byTorch, _) = new FrameDenoiser(new TorchWindowNetwork(network), tiling, selfEnsemble, pixelShuffle).Denoise(noisy, width, height, SampleFormat.Float32, NoiseSpec.Gaussian(0.1));
        var (byOnnx, _) = new FrameDenoiser(onnx, tiling, selfEnsemble, pixelShuffle).Denoise(noisy, width, height, SampleFormat.Float32, NoiseSpec.Gaussian(0.1));

        Assert.Equal("onnx", onnx.Engine);
        var worst = byTorch.Zip(byOnnx, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-4, $"largest difference {worst}");
        Assert.True(byTorch.Zip(noisy, (a, b) => Math.Abs(a - b)).Average() > 1e-3, "the network left the frame unchanged, so the comparison says nothing");
    }

    [Fact]
    public void TheShippedBlindWeightsGiveTheSameFrameInBothEnginesAtEveryLevel()
    {
        var (network, _) = WeightsFile.Load(Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-blind.drunet"));
        using (network)
        {
            network.eval();
            using var onnx = OnnxWindowNetwork.Create(network, threads: 1);
            var torch = new TorchWindowNetwork(network);
            foreach (var sigma in new[] { 0.01, 0.1, 0.2 })
            {
                var (_, noisy) = Synthetic.Image(128, 96, sigma, seed: 11);
                var byTorch = new float[128 * 96];
                var byOnnx = new float[128 * 96];
                torch.Run(noisy, 128, 96, sigma, byTorch);
                onnx.Run(noisy, 128, 96, sigma, byOnnx);
                var worst = byTorch.Zip(byOnnx, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(worst < 1e-4, $"σ {sigma}: largest difference {worst}");
            }
        }
    }
}
