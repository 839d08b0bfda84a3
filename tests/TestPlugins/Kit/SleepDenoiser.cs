using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Kit;

/// <summary>Copies the frame after sleeping <c>ms</c> milliseconds: a plugin slower than the camera.</summary>
public sealed class SleepDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.sleep", "Sleep", "1.0.0")
    {
        Parameters = [new ParameterSpec("ms", ParameterKind.Integer, "10", "Milliseconds per frame.") { Minimum = 0, Maximum = 60000 }],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        Thread.Sleep((int)parameters.GetInteger("ms"));
        input.Pixels.CopyTo(output.Pixels, 0);
    }
}
