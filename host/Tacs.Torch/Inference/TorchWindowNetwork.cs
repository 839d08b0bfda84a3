using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Inference;

/// <summary>The network run by libtorch through TorchSharp (the network is put in eval mode by the caller).</summary>
public sealed class TorchWindowNetwork(DrunetNetwork network) : IWindowNetwork
{
    /// <inheritdoc />
    public string Engine => "torch";

    /// <inheritdoc />
    public void Run(float[] window, int width, int height, double sigma, Span<float> into)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(window, [1, 1, height, width]);
        var level = tensor(new[] { (float)sigma });
        network.Denoise(input, level).data<float>().CopyTo(into[..(width * height)]);
    }
}
