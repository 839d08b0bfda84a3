using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Faults;

/// <summary>Adds 1 to every pixel, but on frame <c>frame</c> (-1: every frame) works for <c>ms</c> milliseconds,
/// checking <c>context.Cancellation</c> as the docs ask; it stops as soon as it is cancelled.</summary>
public sealed class PatientDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.patient", "Slow but cancellable", "1.0.0")
    {
        Parameters =
        [
            new ParameterSpec("frame", ParameterKind.Integer, "-1", "0-based index of the slow frame; -1 for every frame.") { Minimum = -1 },
            new ParameterSpec("ms", ParameterKind.Integer, "60000", "How long the slow frame takes.") { Minimum = 0 },
        ],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        var frame = parameters.GetInteger("frame");
        if (frame < 0 || input.Metadata.FrameIndex == frame)
        {
            context.Cancellation.WaitHandle.WaitOne((int)parameters.GetInteger("ms"));
            context.Cancellation.ThrowIfCancellationRequested();
        }

        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = input.Pixels[i] + 1;
        }
    }
}
