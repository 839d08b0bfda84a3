using System.Globalization;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Sdk.Plugins;

namespace Tacs.TestPlugins.Positions;

/// <summary>Copies the frame and notes where it sits (SDK 1.2's <see cref="FramePosition"/>), so a test can see
/// what a plugin is told about channel, z, time and physical sizes.</summary>
public sealed class PositionDenoiser : IDenoiser
{
    public PluginManifest Manifest { get; } = new("test.position", "Position", "1.0.0");

    public void Denoise(ImageFrame input, ImageFrame output, ParameterValues parameters, PluginContext context)
    {
        input.Pixels.CopyTo(output.Pixels, 0);
        if (input.Metadata.Position is not { } p)
        {
            context.Note("position", "none");
            return;
        }

        context.Note("position", string.Create(CultureInfo.InvariantCulture, $"c={p.Channel}/{p.Channels} z={p.Slice}/{p.Slices} t={p.Time}/{p.TimePoints}"));
        context.Note("channel_name", p.ChannelName ?? "-");
        context.Note("sizes", string.Create(CultureInfo.InvariantCulture, $"{p.PixelWidthMicrons}x{p.PixelHeightMicrons}x{p.SliceSpacingMicrons}"));
    }
}
