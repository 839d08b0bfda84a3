using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Onnx;

/// <summary>
/// Writes a tacs <see cref="DrunetNetwork"/> as an ONNX graph, layer by layer from its state dictionary (TorchSharp has
/// no exporter). The graph takes one image [N, 1, H, W] (H and W multiples of 8) and adds the constant noise-level channel
/// itself (input × 0 + σ, concatenated), so tools that know nothing of DRUNet's second input can run it. Operators:
/// Conv, Relu, Add, ConvTranspose, Mul, Concat (opset 17, IR version 8). Without a fixed level the graph takes the level
/// as a second input, <see cref="LevelName"/> [1], which is how tacs itself runs the network in ONNX Runtime.
/// </summary>
public static class DrunetOnnx
{
    /// <summary>The ONNX opset used.</summary>
    public const int Opset = 17;

    /// <summary>Name of the graph input.</summary>
    public const string InputName = "raw";

    /// <summary>Name of the noise-level input of a graph built without a fixed level.</summary>
    public const string LevelName = "noise_level";

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = "denoised";

    /// <summary>The ONNX bytes of <paramref name="network"/> with the noise level fixed at <paramref name="sigma"/> (0–1 scale).</summary>
    /// <exception cref="InvalidOperationException">The network's state dictionary lacks an expected layer (a DRUNet of another layout).</exception>
    public static byte[] Build(DrunetNetwork network, double sigma, string producerVersion) => Build(network, (double?)sigma, producerVersion);

    /// <summary>The ONNX bytes of <paramref name="network"/>; with <paramref name="sigma"/> null the level (0–1 scale) is the
    /// graph's second input, <see cref="LevelName"/>, a one-element float tensor.</summary>
    public static byte[] Build(DrunetNetwork network, double? sigma, string producerVersion)
    {
        var weights = network.state_dict();
        var graph = new OnnxGraph("tacs_drunet");
        var nb = network.Options.BlocksPerScale;

        string Weight(string key)
        {
            if (!weights.TryGetValue(key, out var tensor))
            {
                throw new InvalidOperationException($"The network has no layer '{key}' (layers: {string.Join(", ", weights.Keys.Take(8))}...); it is not the DRUNet layout this exporter writes.");
            }

            using var cpu = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
            return graph.Initializer(key, cpu.shape, cpu.data<float>().ToArray());
        }

        string Conv(string x, string key, int kernel)
        {
            var pad = kernel == 3 ? 1 : 0;
            var stride = kernel == 2 ? 2 : 1;
            return graph.Add("Conv", [x, Weight(key)], ("kernel_shape", [kernel, kernel]), ("pads", [pad, pad, pad, pad]), ("strides", [stride, stride]));
        }

        string Block(string x, string prefix)
        {
            var hidden = graph.Add("Relu", [Conv(x, prefix + ".conv1.weight", 3)]);
            return graph.Add("Add", [x, Conv(hidden, prefix + ".conv2.weight", 3)]);
        }

        var zero = graph.Initializer("zero", [1], [0f]);
        var level = sigma is { } fixedLevel ? graph.Initializer(LevelName, [1], [(float)fixedLevel]) : LevelName;
        var map = graph.Add("Add", [graph.Add("Mul", [InputName, zero]), level]);
        var x0 = graph.Add("Concat", [InputName, map], ("=axis", [1]));
        var skips = new List<string> { Conv(x0, "head.weight", 3) };
        var x = skips[0];
        for (var level2 = 0; level2 < 3; level2++)
        {
            for (var b = 0; b < nb; b++)
            {
                x = Block(x, $"down.{level2}.{b}");
            }

            x = Conv(x, $"down.{level2}.{nb}.weight", 2);
            skips.Add(x);
        }

        for (var b = 0; b < nb; b++)
        {
            x = Block(x, $"body.{b}");
        }

        for (var step = 0; step < 3; step++)
        {
            x = graph.Add("Add", [x, skips[3 - step]]);
            x = graph.Add("ConvTranspose", [x, Weight($"up.{step}.0.weight")], ("kernel_shape", [2, 2]), ("strides", [2, 2]));
            for (var b = 1; b <= nb; b++)
            {
                x = Block(x, $"up.{step}.{b}");
            }
        }

        x = Conv(graph.Add("Add", [x, skips[0]]), "tail.weight", 3);
        (string, object[])[] inputs = sigma is null ? [(InputName, ["batch", 1L, "height", "width"]), (LevelName, [1L])] : [(InputName, ["batch", 1L, "height", "width"])];
        return graph.ToModel(inputs, x, OutputName, ["batch", 1L, "height", "width"], Opset, irVersion: 8, producerVersion);
    }
}
