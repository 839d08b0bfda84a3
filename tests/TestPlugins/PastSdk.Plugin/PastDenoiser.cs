using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.PastSdk;

/// <summary>A plugin compiled against SDK 1.1: a 1.2 host must load and run it. Doubles every pixel.</summary>
public sealed class PastDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.past", "From SDK 1.1", "1.0.0");

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = input.Pixels[i] * 2;
        }
    }
}
