using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tacs.Torch.Model;

/// <summary>x + conv(ReLU(conv(x))), 3×3 convolutions without bias.</summary>
internal sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;

    public ResidualBlock(int channels)
        : base(nameof(ResidualBlock))
    {
        conv1 = Conv2d(channels, channels, 3, padding: 1, bias: false);
        conv2 = Conv2d(channels, channels, 3, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var hidden = conv1.forward(input);
        using var activated = functional.relu(hidden);
        using var residual = conv2.forward(activated);
        return input.Plus(residual);
    }
}
