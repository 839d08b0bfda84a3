using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Swap;

/// <summary>Adds its major version to every pixel, so a test can tell which version processed a frame.</summary>
public sealed class SwapDenoiser : IDenoiser
{
#if V2
    private const int Step = 2;
#else
    private const int Step = 1;
#endif

    public PluginManifest Manifest { get; } = new("test.swap", "Swap test plugin", $"{Step}.0.0");

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = input.Pixels[i] + Step;
        }
    }
}
