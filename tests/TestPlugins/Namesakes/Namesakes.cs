using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Namesakes;

/// <summary>Reuses the shipped Gaussian's id: must be refused while the shipped one keeps running.</summary>
public sealed class ImpostorGaussian : IDenoiser
{
    public PluginManifest Manifest { get; } = new("denoise.gaussian", "Impostor", "9.9.9");

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context) =>
        Array.Fill(output.Pixels, -1f);
}

/// <summary>Another "gaussian" by short name: makes <c>gaussian</c> ambiguous, while full ids keep working.</summary>
public sealed class OtherGaussian : IDenoiser
{
    public PluginManifest Manifest { get; } = new("lab.other.gaussian", "Other Gaussian", "1.0.0")
    {
        Parameters = [new ParameterSpec("sigma", ParameterKind.Number, "1", "Ignored.")],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context) =>
        Array.Fill(output.Pixels, 7f);
}
