using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Faults;

/// <summary>
/// Adds 1 to every pixel, but on frame <c>frame</c> (-1: every frame) hangs for <c>ms</c> milliseconds without ever
/// looking at its cancellation token, as a plugin stuck in native code would. One instance hangs at most once
/// when <c>once=true</c>, so a fresh instance is seen to work.
/// </summary>
public sealed class HangDenoiser : IDenoiser
{
    private int _hung;

    public PluginManifest Manifest { get; } = new("test.hang", "Hang ignoring cancellation", "1.0.0")
    {
        Parameters =
        [
            new ParameterSpec("frame", ParameterKind.Integer, "-1", "0-based index of the frame that hangs; -1 for every frame.") { Minimum = -1 },
            new ParameterSpec("ms", ParameterKind.Integer, "60000", "How long it hangs.") { Minimum = 0 },
        ],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        var frame = parameters.GetInteger("frame");
        if (frame < 0 || input.Metadata.FrameIndex == frame)
        {
            // A hung instance stays hung: later calls on this object wait too, as they would behind a lock it holds.
            Interlocked.Increment(ref _hung);
        }

        if (Volatile.Read(ref _hung) > 0)
        {
            Thread.Sleep((int)parameters.GetInteger("ms"));
        }

        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = input.Pixels[i] + 1;
        }
    }
}
