using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.FutureSdk;

/// <summary>A plugin compiled against SDK 9.0: the host must refuse it before loading it.</summary>
public sealed class FutureDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.future", "From the future", "1.0.0");

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context) =>
        input.Pixels.CopyTo(output.Pixels, 0);
}
