using System.Globalization;
using System.Text;
using System.Text.Json;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>
/// The ImageJ-style image description: <c>ImageJ=…</c>, <c>images=N</c>, <c>slices=N</c>, <c>unit=micron</c>,
/// <c>min</c>/<c>max</c>, which makes Fiji open a multi-page file as a stack with the right display range,
/// plus a <c>tacs.provenance=</c> line holding every processing step as JSON.
/// </summary>
internal sealed class ImageJDescription
{
    private const string ProvenanceKey = "tacs.provenance";
    private const string FrameKey = "tacs.frame";
    private readonly Dictionary<string, string> _values;

    private ImageJDescription(Dictionary<string, string> values, IReadOnlyList<ProvenanceEntry> provenance)
    {
        _values = values;
        Provenance = provenance;
    }

    public IReadOnlyList<ProvenanceEntry> Provenance { get; }

    /// <summary>Parses an ImageJ description; null when the text is not one.</summary>
    /// <param name="text">The ImageDescription field.</param>
    /// <param name="dropped">What was wrong with the provenance line when entries were left out, else null.</param>
    public static ImageJDescription? TryParse(string? text, out string? dropped)
    {
        dropped = null;
        if (string.IsNullOrEmpty(text) || !text.StartsWith("ImageJ=", StringComparison.Ordinal))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq].Trim()] = line[(eq + 1)..].Trim().TrimEnd('\0');
            }
        }

        IReadOnlyList<ProvenanceEntry> provenance = [];
        if (values.TryGetValue(ProvenanceKey, out var json))
        {
            // A damaged provenance line must not make the pixels unreadable: bad entries are left out and named.
            try
            {
                var parsed = JsonSerializer.Deserialize<List<ProvenanceEntry?>>(json) ?? [];
                provenance = [.. parsed.Where(IsComplete).Select(e => e!)];
                if (provenance.Count < parsed.Count)
                {
                    dropped = $"{parsed.Count - provenance.Count} of {parsed.Count} entries of its {ProvenanceKey} line are incomplete (null plugin, version, parameters or notes) and were ignored";
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
            {
                dropped = $"its {ProvenanceKey} line is not valid JSON ({ex.Message}) and was ignored";
            }
        }

        return new ImageJDescription(values, provenance);
    }

    private static bool IsComplete(ProvenanceEntry? e) =>
        e is { PluginId: not null, PluginVersion: not null, Parameters: not null, Notes: not null }
        && e.Parameters.All(p => p.Key is not null && p.Value is not null)
        && e.Notes.All(p => p.Key is not null && p.Value is not null);

    /// <summary>Pixel size in micrometres from ImageJ's unit and the TIFF resolution (pixels per unit).</summary>
    public double? PixelSizeMicrons(double? xResolution) =>
        xResolution is > 0 && UnitMicrons is double unit ? unit / xResolution.Value : null;

    /// <summary>Micrometres per ImageJ <c>unit</c>, or null when the unit is missing or unknown.</summary>
    public double? UnitMicrons =>
        !_values.TryGetValue("unit", out var unit) ? null
        : unit switch
        {
            "micron" or "um" or "µm" or "\\u00B5m" => 1.0,
            "nm" => 0.001,
            "mm" => 1000,
            _ => null,
        };

    /// <summary>The stack's dimensions (<see cref="ImageJHyperstack"/>); flat, with <paramref name="problem"/> set,
    /// when the description's counts do not fit the file's <paramref name="pages"/>.</summary>
    public StackLayout Layout(int pages, double? xResolution, out string? problem) =>
        ImageJHyperstack.Read(_values, pages, PixelSizeMicrons(xResolution), UnitMicrons, out problem);

    /// <summary>The description of a page after the first: its provenance line alone.</summary>
    public static string ProvenanceOnly(IReadOnlyList<ProvenanceEntry> provenance, long frameIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{FrameKey}={frameIndex}\n{ProvenanceKey}={JsonSerializer.Serialize(provenance)}\n");

    /// <summary>The frame index a page was written with (<c>tacs.frame=</c>), or null.</summary>
    public static long? ReadFrameIndex(string? text)
    {
        text = OmeXml.TacsAnnotation(text) ?? text;
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith(FrameKey + "=", StringComparison.Ordinal) &&
                long.TryParse(line.AsSpan(FrameKey.Length + 1).TrimEnd('\0'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }

        return null;
    }

    /// <summary>The provenance in a description written by <see cref="Create"/> or <see cref="ProvenanceOnly"/>
    /// (or carried in tacs's annotation of an OME-XML description), or null; incomplete entries are left out.</summary>
    public static IReadOnlyList<ProvenanceEntry>? ReadProvenance(string? text)
    {
        text = OmeXml.TacsAnnotation(text) ?? text;
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith(ProvenanceKey + "=", StringComparison.Ordinal))
            {
                try
                {
                    var parsed = JsonSerializer.Deserialize<List<ProvenanceEntry?>>(line[(ProvenanceKey.Length + 1)..].TrimEnd('\0')) ?? [];
                    return [.. parsed.Where(IsComplete).Select(e => e!)];
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>The first page's description: ImageJ's stack header (with the hyperstack's dimensions when
    /// <paramref name="layout"/> has them), display range, pixel size unit and the page's provenance.</summary>
    public static string Create(int pages, ValueRange display, double? pixelSizeMicrons, IReadOnlyList<ProvenanceEntry> provenance, long frameIndex = 0, StackLayout? layout = null)
    {
        var text = new StringBuilder("ImageJ=1.54f\n");
        if (pages > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"images={pages}\n");
            ImageJHyperstack.Write(text, layout is not null && layout.Pages == pages ? layout : StackLayout.Flat(pages));
            text.Append("loop=false\n");
        }

        if (pixelSizeMicrons is > 0 || layout?.SliceSpacingMicrons is not null)
        {
            text.Append("unit=micron\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"min={display.Min:R}\nmax={display.Max:R}\n");
        if (layout is not null && layout.Pages == pages)
        {
            ImageJHyperstack.WriteChannelNames(text, layout);
        }

        if (provenance.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{FrameKey}={frameIndex}\n");
            text.Append(ProvenanceKey).Append('=').Append(JsonSerializer.Serialize(provenance)).Append('\n');
        }

        return text.ToString();
    }
}
