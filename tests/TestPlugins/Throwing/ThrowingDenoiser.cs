using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Throwing;

/// <summary>A plugin whose constructor fails, as one with a missing licence file or model would.</summary>
public sealed class ThrowingDenoiser : IDenoiser
{
    public ThrowingDenoiser() => throw new InvalidOperationException("model file missing");

    public PluginManifest Manifest => throw new NotSupportedException();

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context) =>
        throw new NotSupportedException();
}
