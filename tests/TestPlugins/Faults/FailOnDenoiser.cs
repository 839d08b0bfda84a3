using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Faults;

/// <summary>Adds 1 to every pixel, but throws on the frame whose index is <c>frame</c>: a bug hit by one page only.</summary>
public sealed class FailOnDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.failon", "Fail on one frame", "1.0.0")
    {
        Parameters = [new ParameterSpec("frame", ParameterKind.Integer, "2", "0-based index of the frame that fails.") { Minimum = 0 }],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        if (input.Metadata.FrameIndex == parameters.GetInteger("frame"))
        {
            throw new InvalidOperationException($"cannot handle frame {input.Metadata.FrameIndex}");
        }

        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = input.Pixels[i] + 1;
        }
    }
}
