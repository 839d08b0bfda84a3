using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging.Dimensions;

/// <summary>
/// The small part of OME-XML (schema 2016-06) that describes one image's pages in an OME-TIFF file: the Pixels
/// element's DimensionOrder, SizeC/Z/T, physical sizes with their units, TimeIncrement, the Channel names, and
/// the TiffData elements that map pages to planes. tacs keeps each page's provenance in a CommentAnnotation of
/// namespace <see cref="TacsNamespace"/> (first page) and in the other pages' own descriptions.
/// </summary>
internal static class OmeXml
{
    /// <summary>The 2016-06 schema's namespace.</summary>
    public const string Namespace = "http://www.openmicroscopy.org/Schemas/OME/2016-06";

    /// <summary>The annotation namespace of the first page's tacs provenance.</summary>
    public const string TacsNamespace = "tacs.provenance";

    private static readonly XNamespace Ome = Namespace;

    /// <summary>True when a description is OME-XML.</summary>
    public static bool IsOme(string? text)
    {
        var trimmed = text.AsSpan().TrimStart();
        return (trimmed.StartsWith("<?xml", StringComparison.Ordinal) || trimmed.StartsWith("<OME", StringComparison.Ordinal))
            && trimmed.Contains("<OME", StringComparison.Ordinal);
    }

    /// <summary>The layout of a file's first image; flat with <paramref name="problem"/> set when the metadata does not
    /// fit the file's <paramref name="pages"/> pages or cannot be used. For one file of a multi-file dataset (planes
    /// in other files, or the metadata in a companion file), <paramref name="planes"/> says where each plane is.</summary>
    /// <exception cref="ImageReadException">The dataset's metadata names files that are missing or not plain names,
    /// or leaves planes without a file.</exception>
    public static StackLayout Read(string xml, int pages, string path, ImageReadOptions options, out string? problem, out IReadOnlyList<OmePlane>? planes)
    {
        var flat = StackLayout.Flat(pages, StackContainer.Ome);
        problem = null;
        planes = null;
        XElement root;
        try
        {
            root = Parse(xml).Root ?? throw new XmlException("no root element");
        }
        catch (XmlException ex)
        {
            problem = $"its OME-XML description is not well-formed XML ({ex.Message})";
            return flat;
        }

        var ns = root.Name.Namespace;
        if (root.Element(ns + "BinaryOnly") is { } binaryOnly)
        {
            // The metadata lives in a companion file (.companion.ome) next to this one; it maps every file's planes.
            var companion = OmePlane.Beside(path, (string?)binaryOnly.Attribute("MetadataFile"), "its BinaryOnly MetadataFile");
            if (new FileInfo(companion).Length > options.MaxMetadataBytes)
            {
                throw new ImageReadException(path, $"its companion metadata file {companion} is larger than {options.MaxMetadataBytes} bytes, the most tacs reads.");
            }

            var text = File.ReadAllText(companion);
            if (text.Contains("<BinaryOnly", StringComparison.Ordinal))
            {
                throw new ImageReadException(path, $"its companion metadata file {companion} points to yet another metadata file (BinaryOnly); it must hold the metadata itself.");
            }

            var described = Read(text, pages, path, options, out problem, out planes);
            planes ??= problem is null ? OmePlane.Sequential(path, described.Pages) : null;
            return described;
        }

        var images = root.Elements(ns + "Image").ToList();
        var pixels = images.FirstOrDefault()?.Element(ns + "Pixels");
        if (pixels is null)
        {
            problem = "its OME-XML description has no Image with Pixels";
            return flat;
        }

        var own = Path.GetFileName(path);
        var multiFile = pixels.Elements(ns + "TiffData").Any(d => (string?)d.Element(ns + "UUID")?.Attribute("FileName") is { } f && !string.Equals(f, own, StringComparison.Ordinal));
        var order = ((string?)pixels.Attribute("DimensionOrder") ?? string.Empty).Trim();
        var sizes = new[] { "SizeC", "SizeZ", "SizeT" }.Select(a => PositiveInt(pixels, a)).ToArray();
        if (!StackLayout.IsValidOrder(order) || sizes.Any(s => s is null))
        {
            problem = $"its OME-XML Pixels element has no valid DimensionOrder ('{order}') or SizeC/SizeZ/SizeT";
            return flat;
        }

        var channels = pixels.Elements(ns + "Channel").ToList();
        if (channels.Any(c => PositiveInt(c, "SamplesPerPixel") is > 1))
        {
            problem = "its OME-XML describes colour (several samples per pixel) channels, which tacs reads as grey";
            return flat;
        }

        var (physicalX, physicalY) = (Length(pixels, "PhysicalSizeX"), Length(pixels, "PhysicalSizeY"));
        var layout = new StackLayout
        {
            Container = StackContainer.Ome,
            Channels = sizes[0]!.Value,
            Slices = sizes[1]!.Value,
            TimePoints = sizes[2]!.Value,
            DimensionOrder = order,
            PixelWidthMicrons = physicalX,
            PixelHeightMicrons = physicalY ?? physicalX,
            SliceSpacingMicrons = Length(pixels, "PhysicalSizeZ"),
            TimeIncrementSeconds = Seconds(pixels, "TimeIncrement"),
            ChannelNames = channels.Count == sizes[0] ? [.. channels.Select(c => (string?)c.Attribute("Name"))] : [],
        };
        if (multiFile)
        {
            planes = OmePlane.Map(pixels, layout, path, ns);
            return layout;
        }

        if ((long)layout.Channels * layout.Slices * layout.TimePoints != pages)
        {
            problem = $"its OME-XML says SizeC={layout.Channels} × SizeZ={layout.Slices} × SizeT={layout.TimePoints} = {(long)layout.Channels * layout.Slices * layout.TimePoints} planes, but the file has {pages} pages";
            return flat with { PixelWidthMicrons = layout.PixelWidthMicrons, PixelHeightMicrons = layout.PixelHeightMicrons };
        }

        problem = images.Count > 1 ? $"its OME-XML holds {images.Count} images (series); tacs reads the file's pages as one stack"
            : PlaneProblem(pixels, layout, ns);
        if (problem is null && TiffDataProblem(pixels, layout, pages, ns) is not null)
        {
            // Pages stored in another order than DimensionOrder: read through the TiffData map, as a dataset of one file.
            planes = MapOwnPages(pixels, layout, path, pages, ns, out problem);
        }

        return problem is null ? layout : flat with { PixelWidthMicrons = layout.PixelWidthMicrons, PixelHeightMicrons = layout.PixelHeightMicrons };
    }

    /// <summary>The OME-XML for the first page of a stack written with <paramref name="layout"/>.</summary>
    public static string Write(StackLayout layout, SampleFormat format, int width, int height, bool bigEndian, string? name, string? tacsText)
    {
        var pixels = new XElement(
            Ome + "Pixels",
            new XAttribute("ID", "Pixels:0"),
            new XAttribute("DimensionOrder", layout.DimensionOrder),
            new XAttribute("Type", format switch { SampleFormat.UInt8 => "uint8", SampleFormat.UInt16 => "uint16", _ => "float" }),
            new XAttribute("SizeX", width),
            new XAttribute("SizeY", height),
            new XAttribute("SizeC", layout.Channels),
            new XAttribute("SizeZ", layout.Slices),
            new XAttribute("SizeT", layout.TimePoints),
            new XAttribute("BigEndian", bigEndian ? "true" : "false"));
        AddLength(pixels, "PhysicalSizeX", layout.PixelWidthMicrons);
        AddLength(pixels, "PhysicalSizeY", layout.PixelHeightMicrons);
        AddLength(pixels, "PhysicalSizeZ", layout.SliceSpacingMicrons);
        if (layout.TimeIncrementSeconds is double seconds)
        {
            pixels.Add(new XAttribute("TimeIncrement", seconds.ToString("R", CultureInfo.InvariantCulture)), new XAttribute("TimeIncrementUnit", "s"));
        }

        for (var c = 0; c < layout.Channels; c++)
        {
            var channel = new XElement(Ome + "Channel", new XAttribute("ID", $"Channel:0:{c}"), new XAttribute("SamplesPerPixel", 1));
            if (c < layout.ChannelNames.Count && layout.ChannelNames[c] is { } channelName)
            {
                channel.Add(new XAttribute("Name", channelName));
            }

            pixels.Add(channel);
        }

        pixels.Add(new XElement(Ome + "TiffData", new XAttribute("IFD", 0), new XAttribute("PlaneCount", layout.Pages)));
        var image = new XElement(Ome + "Image", new XAttribute("ID", "Image:0"));
        if (name is not null)
        {
            image.Add(new XAttribute("Name", name));
        }

        image.Add(pixels);
        var xsi = XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance");
        var root = new XElement(
            Ome + "OME",
            new XAttribute(XNamespace.Xmlns + "xsi", xsi),
            new XAttribute(xsi + "schemaLocation", $"{Namespace} {Namespace}/ome.xsd"),
            new XAttribute("Creator", "tacs"),
            image);
        if (tacsText is not null)
        {
            root.Add(new XElement(
                Ome + "StructuredAnnotations",
                new XElement(Ome + "CommentAnnotation", new XAttribute("ID", "Annotation:tacs:0"), new XAttribute("Namespace", TacsNamespace), new XElement(Ome + "Value", tacsText))));
        }

        // The TIFF field is ASCII: characters beyond it (µ, channel names) go as character references.
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        foreach (var rune in root.ToString(SaveOptions.DisableFormatting).EnumerateRunes())
        {
            if (rune.Value < 128)
            {
                text.Append((char)rune.Value);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"&#x{rune.Value:X};");
            }
        }

        return text.ToString();
    }

    /// <summary>The text of tacs's provenance annotation in an OME-XML description, or null.</summary>
    public static string? TacsAnnotation(string? text)
    {
        if (!IsOme(text))
        {
            return null;
        }

        try
        {
            var root = Parse(text!).Root;
            var ns = root?.Name.Namespace ?? XNamespace.None;
            return root?.Element(ns + "StructuredAnnotations")?.Elements(ns + "CommentAnnotation")
                .FirstOrDefault(a => (string?)a.Attribute("Namespace") == TacsNamespace)?.Element(ns + "Value")?.Value;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    // No DTDs, no external entities: the description comes from an untrusted file.
    private static XDocument Parse(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(new StringReader(xml.TrimEnd('\0')), settings);
        return XDocument.Load(reader);
    }

    // Whether TiffData stores the pages in another order than DimensionOrder (or past the file's end).
    private static string? TiffDataProblem(XElement pixels, StackLayout layout, int pages, XNamespace ns)
    {
        var blocks = pixels.Elements(ns + "TiffData").ToList();
        foreach (var block in blocks)
        {
            var ifd = NonNegativeInt(block, "IFD") ?? 0;
            var count = NonNegativeInt(block, "PlaneCount") ?? (block.Attribute("IFD") is null ? pages : 1);
            var first = layout.PageOf(NonNegativeInt(block, "FirstC") ?? 0, NonNegativeInt(block, "FirstZ") ?? 0, NonNegativeInt(block, "FirstT") ?? 0);
            if (first != ifd || ifd + count > pages)
            {
                return $"its OME-XML TiffData (IFD={ifd}, PlaneCount={count}) maps pages to planes in another order than DimensionOrder {layout.DimensionOrder}, which tacs does not follow";
            }
        }

        return null;
    }

    private static IReadOnlyList<OmePlane>? MapOwnPages(XElement pixels, StackLayout layout, string path, int pages, XNamespace ns, out string? problem)
    {
        try
        {
            var planes = OmePlane.Map(pixels, layout, path, ns);
            var outside = planes.FirstOrDefault(p => p.Page >= pages);
            problem = outside is null ? null : $"its OME-XML TiffData places a plane at page {outside.Page + 1}, but the file has {pages}";
            return problem is null ? planes : null;
        }
        catch (ImageReadException ex)
        {
            problem = $"its OME-XML TiffData cannot be followed ({ex.Message})";
            return null;
        }
    }

    private static string? PlaneProblem(XElement pixels, StackLayout layout, XNamespace ns)
    {
        foreach (var plane in pixels.Elements(ns + "Plane"))
        {
            int c = NonNegativeInt(plane, "TheC") ?? 0, z = NonNegativeInt(plane, "TheZ") ?? 0, t = NonNegativeInt(plane, "TheT") ?? 0;
            if (c >= layout.Channels || z >= layout.Slices || t >= layout.TimePoints)
            {
                return $"its OME-XML has a Plane at TheC={c}, TheZ={z}, TheT={t}, outside SizeC={layout.Channels}, SizeZ={layout.Slices}, SizeT={layout.TimePoints}";
            }
        }

        return null;
    }

    private static int? PositiveInt(XElement element, string name) =>
        NonNegativeInt(element, name) is int n and > 0 ? n : null;

    internal static int? NonNegativeInt(XElement element, string name) =>
        int.TryParse((string?)element.Attribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;

    private static double? Length(XElement element, string name)
    {
        if (!double.TryParse((string?)element.Attribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
        {
            return null;
        }

        double? factor = ((string?)element.Attribute(name + "Unit") ?? "µm") switch
        {
            "pm" => 1e-6,
            "Å" => 1e-4,
            "nm" => 1e-3,
            "µm" or "um" => 1,
            "mm" => 1e3,
            "cm" => 1e4,
            "m" => 1e6,
            _ => null,
        };
        return value * factor;
    }

    private static double? Seconds(XElement element, string name)
    {
        if (!double.TryParse((string?)element.Attribute(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
        {
            return null;
        }

        double? factor = ((string?)element.Attribute(name + "Unit") ?? "s") switch
        {
            "ns" => 1e-9,
            "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1,
            "min" => 60,
            "h" => 3600,
            _ => null,
        };
        return value * factor;
    }

    private static void AddLength(XElement pixels, string name, double? micrometres)
    {
        if (micrometres is double value)
        {
            pixels.Add(new XAttribute(name, value.ToString("R", CultureInfo.InvariantCulture)), new XAttribute(name + "Unit", "µm"));
        }
    }
}
