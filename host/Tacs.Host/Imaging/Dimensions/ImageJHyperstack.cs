using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tacs.Host.Imaging.Dimensions;

/// <summary>
/// The hyperstack lines of an ImageJ description: <c>channels=</c>, <c>slices=</c>, <c>frames=</c>,
/// <c>hyperstack=true</c>, <c>spacing=</c> (z step in <c>unit</c>), <c>finterval=</c> (seconds). ImageJ stores a
/// hyperstack's pages channel fastest, then z, then time (<c>order=xyczt</c>, its default and only TIFF order).
/// ImageJ keeps channel names in a private tag; tacs writes them as a <c>tacs.channels=</c> line it reads back.
/// </summary>
internal static class ImageJHyperstack
{
    private const string ChannelsKey = "tacs.channels";

    /// <summary>The layout an ImageJ description gives <paramref name="pages"/> pages; a flat layout with
    /// <paramref name="problem"/> set when its numbers do not fit the file.</summary>
    public static StackLayout Read(IReadOnlyDictionary<string, string> values, int pages, double? pixelSizeMicrons, double? unitMicrons, out string? problem)
    {
        problem = null;
        var channels = Count(values, "channels");
        var slices = Count(values, "slices");
        var frames = Count(values, "frames");
        var order = values.TryGetValue("order", out var o) ? OrderOf(o) : StackLayout.DefaultOrder;
        var flat = StackLayout.Flat(pages, StackContainer.ImageJ) with { PixelWidthMicrons = pixelSizeMicrons, PixelHeightMicrons = pixelSizeMicrons };
        if (channels is null || slices is null || frames is null)
        {
            problem = "its ImageJ description has a channels, slices or frames value that is not a positive whole number";
            return flat;
        }

        if (order is null)
        {
            problem = $"its ImageJ description gives the page order '{values["order"]}', which is not an order of x, y, c, z and t";
            return flat;
        }

        var layout = flat with
        {
            Channels = channels.Value,
            Slices = slices.Value,
            TimePoints = frames.Value,
            DimensionOrder = order,
            SliceSpacingMicrons = Number(values, "spacing") is double spacing && unitMicrons is double unit ? spacing * unit : null,
            TimeIncrementSeconds = Number(values, "finterval"),
            ChannelNames = ChannelNames(values, channels.Value),
        };
        if ((long)channels * slices * frames != pages)
        {
            problem = $"its ImageJ description says channels={channels} × slices={slices} × frames={frames} = {(long)channels * slices * frames} pages, but the file has {pages}";
            return flat;
        }

        return layout;
    }

    /// <summary>The description lines for <paramref name="layout"/> (after <c>images=</c>).</summary>
    public static void Write(StringBuilder text, StackLayout layout)
    {
        if (layout.Channels > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"channels={layout.Channels}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"slices={layout.Slices}\n");
        if (layout.TimePoints > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"frames={layout.TimePoints}\n");
        }

        if (layout.IsHyperstack)
        {
            text.Append("hyperstack=true\n");
            if (layout.Channels > 1)
            {
                text.Append("mode=composite\n");
            }
        }

        if (layout.SliceSpacingMicrons is double spacing)
        {
            text.Append(CultureInfo.InvariantCulture, $"spacing={spacing:R}\n");
        }

        if (layout.TimeIncrementSeconds is double interval)
        {
            text.Append(CultureInfo.InvariantCulture, $"finterval={interval:R}\n");
        }
    }

    /// <summary>The <c>tacs.channels=</c> line, when any channel has a name.</summary>
    public static void WriteChannelNames(StringBuilder text, StackLayout layout)
    {
        if (layout.ChannelNames.Any(n => n is not null))
        {
            text.Append(ChannelsKey).Append('=').Append(JsonSerializer.Serialize(layout.ChannelNames)).Append('\n');
        }
    }

    private static IReadOnlyList<string?> ChannelNames(IReadOnlyDictionary<string, string> values, int channels)
    {
        if (!values.TryGetValue(ChannelsKey, out var json))
        {
            return [];
        }

        try
        {
            var names = JsonSerializer.Deserialize<List<string?>>(json) ?? [];
            return names.Count == channels ? names : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // A missing count is 1; a present one must be a positive whole number (null otherwise).
    private static int? Count(IReadOnlyDictionary<string, string> values, string key) =>
        !values.TryGetValue(key, out var text) ? 1
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static double? Number(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0 ? v : null;

    // "xyczt(default)" -> "XYCZT"; null when not an order.
    private static string? OrderOf(string text)
    {
        var paren = text.IndexOf('(', StringComparison.Ordinal);
        var order = (paren >= 0 ? text[..paren] : text).Trim().ToUpperInvariant();
        return StackLayout.IsValidOrder(order) ? order : null;
    }
}
