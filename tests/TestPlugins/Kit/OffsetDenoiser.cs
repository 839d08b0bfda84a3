using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Kit;

/// <summary>Adds <c>amount</c> to every pixel; <c>fail=true</c> makes it throw.</summary>
public sealed class OffsetDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.offset", "Offset", "1.0.0")
    {
        Parameters =
        [
            new ParameterSpec("amount", ParameterKind.Number, "1", "Added to every pixel.") { Minimum = -1000, Maximum = 1000 },
            new ParameterSpec("fail", ParameterKind.Boolean, "false", "Throw instead of processing."),
        ],
    };

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        if (parameters.GetBoolean("fail"))
        {
            throw new InvalidOperationException("asked to fail");
        }

        var amount = (float)parameters.GetNumber("amount");
        for (var i = 0; i < input.Pixels.Length; i++)
        {
            output.Pixels[i] = input.Pixels[i] + amount;
        }

        context.Note("offset_applied", amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
