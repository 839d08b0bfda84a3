using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace Tacs.TestPlugins.TorchScale;

/// <summary>Multiplies a frame by a factor with a libtorch tensor operation.</summary>
public sealed class TorchScaleDenoiser : IDenoiser
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("test.torchscale", "Torch scale", "1.0.0")
    {
        Description = "Test plugin: multiplies pixels by a factor through TorchSharp.",
        Parameters = [new ParameterSpec("factor", ParameterKind.Number, "2", "Multiplier.")],
    };

    /// <inheritdoc />
    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        using var scope = NewDisposeScope();
        var pixels = tensor(input.Pixels, [input.Height, input.Width]);
        // A held Scalar: an operator's temporary one can be finalized mid-call (see Tacs.Torch.Arithmetic).
        using var factor = parameters.GetNumber("factor").ToScalar();
        var scaled = pixels.mul(factor);
        scaled.data<float>().CopyTo(output.Pixels);
    }
}
