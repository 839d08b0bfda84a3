using TorchSharp;
using Tacs.Torch.Platform;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Tacs.Torch.Model;

/// <summary>
/// DRUNet (Zhang et al. 2021): the noisy image plus a constant noise-level channel in, the clean image out.
/// Four scales of residual blocks, 2×2 stride-2 convolutions down, 2×2 transposed convolutions up, additive
/// skips, no biases. Input [N, 2, H, W] with H and W multiples of 8; output [N, 1, H, W].
/// </summary>
public sealed class DrunetNetwork : Module<Tensor, Tensor>
{
    // Field names are the state-dict keys of the weights file: renaming them breaks shipped weights.
    private readonly Conv2d head;
    private readonly ModuleList<Sequential> down;
    private readonly Sequential body;
    private readonly ModuleList<Sequential> up;
    private readonly Conv2d tail;

    /// <summary>Builds a network with freshly initialised weights.</summary>
    /// <remarks>The first network in a process settles which convolution kernels libtorch uses (<see cref="KernelGuard"/>).</remarks>
    public DrunetNetwork(DrunetOptions options)
        : this(options, guardKernels: true)
    {
    }

    internal DrunetNetwork(DrunetOptions options, bool guardKernels)
        : base(nameof(DrunetNetwork))
    {
        options.Validate();
        if (guardKernels)
        {
            KernelGuard.Ensure();
        }

        Options = options;
        var nc = options.Channels;
        head = Conv2d(2, nc[0], 3, padding: 1, bias: false);
        down = new ModuleList<Sequential>();
        up = new ModuleList<Sequential>();
        for (var level = 0; level < 3; level++)
        {
            var blocks = Enumerable.Range(0, options.BlocksPerScale).Select(_ => (Module<Tensor, Tensor>)new ResidualBlock(nc[level])).ToList();
            blocks.Add(Conv2d(nc[level], nc[level + 1], 2, stride: 2, bias: false));
            down.Add(Sequential(blocks));
        }

        body = Sequential(Enumerable.Range(0, options.BlocksPerScale).Select(_ => (Module<Tensor, Tensor>)new ResidualBlock(nc[3])).ToList());
        for (var level = 2; level >= 0; level--)
        {
            var blocks = new List<Module<Tensor, Tensor>> { ConvTranspose2d(nc[level + 1], nc[level], 2, stride: 2, bias: false) };
            blocks.AddRange(Enumerable.Range(0, options.BlocksPerScale).Select(_ => (Module<Tensor, Tensor>)new ResidualBlock(nc[level])));
            up.Add(Sequential(blocks));
        }

        tail = Conv2d(nc[0], 1, 3, padding: 1, bias: false);
        RegisterComponents();
    }

    /// <summary>The size of this network.</summary>
    public DrunetOptions Options { get; }

    /// <summary>Number of trainable weights.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Runs the network on [N, 2, H, W] (image, noise level).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x1 = head.forward(input);
        var x2 = down[0].forward(x1);
        var x3 = down[1].forward(x2);
        var x4 = down[2].forward(x3);
        var x = body.forward(x4);
        x = up[0].forward(x.Plus(x4));
        x = up[1].forward(x.Plus(x3));
        x = up[2].forward(x.Plus(x2));
        return tail.forward(x.Plus(x1)).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the network on images [N, 1, H, W] with one noise level per image ([N] or a scalar).</summary>
    public Tensor Denoise(Tensor noisy, Tensor sigma)
    {
        using var scope = NewDisposeScope();
        var n = noisy.shape[0];
        var map = sigma.to_type(noisy.dtype).reshape(-1, 1, 1, 1).expand(n, 1, noisy.shape[2], noisy.shape[3]);
        return forward(cat([noisy, map], 1)).MoveToOuterDisposeScope();
    }
}
