using System.Xml.Linq;

namespace Tacs.Host.Imaging.Dimensions;

/// <summary>Where one plane of a multi-file OME-TIFF dataset is stored: a file beside the opened one, and a page.</summary>
/// <param name="File">Full path of the file.</param>
/// <param name="Page">0-based page (IFD) in that file.</param>
public sealed record OmePlane(string File, int Page)
{
    /// <summary>Every plane of a single file, in order (a companion file that maps only this one).</summary>
    internal static IReadOnlyList<OmePlane> Sequential(string path, int planes) =>
        [.. Enumerable.Range(0, planes).Select(p => new OmePlane(path, p))];

    /// <summary>The planes the Pixels element's TiffData blocks place, in DimensionOrder; file names are resolved
    /// beside <paramref name="path"/>.</summary>
    /// <exception cref="ImageReadException">A name is not a plain file name or its file is missing, a block reaches
    /// past the last plane, or a plane has no block.</exception>
    internal static IReadOnlyList<OmePlane> Map(XElement pixels, StackLayout layout, string path, XNamespace ns)
    {
        var planes = new OmePlane?[layout.Pages];
        foreach (var block in pixels.Elements(ns + "TiffData"))
        {
            var name = (string?)block.Element(ns + "UUID")?.Attribute("FileName");
            var file = name is null ? Path.GetFullPath(path) : Beside(path, name, "its OME-XML TiffData");
            var ifd = OmeXml.NonNegativeInt(block, "IFD") ?? 0;
            var count = OmeXml.NonNegativeInt(block, "PlaneCount") ?? (block.Attribute("IFD") is null ? layout.Pages : 1);
            var first = layout.PageOf(OmeXml.NonNegativeInt(block, "FirstC") ?? 0, OmeXml.NonNegativeInt(block, "FirstZ") ?? 0, OmeXml.NonNegativeInt(block, "FirstT") ?? 0);
            if (first + count > layout.Pages)
            {
                throw new ImageReadException(path, $"its OME-XML TiffData for '{name}' places {count} planes from plane {first + 1}, past the dataset's {layout.Pages} planes ({layout.Describe()}).");
            }

            for (var i = 0; i < count; i++)
            {
                planes[first + i] = new OmePlane(file, ifd + i);
            }
        }

        var missing = Array.IndexOf(planes, null);
        if (missing >= 0)
        {
            var (c, z, t) = layout.PositionOf(missing);
            throw new ImageReadException(path, $"its multi-file OME-XML gives no file for plane {missing + 1} (C={c}, Z={z}, T={t}) of {layout.Pages}: the dataset's metadata is incomplete.");
        }

        return [.. planes.Select(p => p!)];
    }

    /// <summary>A file named in the metadata, beside <paramref name="path"/>: a plain name only, so a file cannot
    /// make tacs read from elsewhere, and it must exist.</summary>
    internal static string Beside(string path, string? name, string where)
    {
        if (string.IsNullOrWhiteSpace(name) || name != Path.GetFileName(name) || name is "." or "..")
        {
            throw new ImageReadException(path, $"{where} names '{name}', which is not a plain file name; tacs reads the files of a multi-file OME-TIFF dataset from the folder of the file opened.");
        }

        var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, name);
        return System.IO.File.Exists(file) ? file
            : throw new ImageReadException(path, $"is part of a multi-file OME-TIFF dataset, and {where} names '{name}', which is missing from {Path.GetDirectoryName(file)}. Copy the whole dataset into one folder.");
    }
}
