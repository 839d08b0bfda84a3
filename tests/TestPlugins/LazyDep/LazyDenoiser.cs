using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;
using Tacs.TestPlugins.LazyLib;

namespace Tacs.TestPlugins.LazyDep;

/// <summary>Doubles every pixel through a library it touches only inside <see cref="Denoise"/>: when that library
/// is missing, the plugin loads and lists fine, and only the first frame would find out.</summary>
public sealed class LazyDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.lazy", "Lazy dependency", "1.0.0");

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = Scaler.Twice(input.Pixels[i]);
        }
    }
}
