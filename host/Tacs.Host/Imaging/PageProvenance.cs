using BitMiracle.LibTiff.Classic;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>
/// Reads the provenance tacs writes on every page of a stack (<see cref="TiffStackWriter"/>): which plugin
/// versions processed each page, and which pages failed and why. Pages without a record give an empty list.
/// </summary>
public static class PageProvenance
{
    /// <summary>The provenance of every page of <paramref name="path"/>, first page first.</summary>
    /// <param name="path">A TIFF file.</param>
    /// <exception cref="ImageReadException">The file is not a readable TIFF.</exception>
    public static IReadOnlyList<IReadOnlyList<ProvenanceEntry>> Read(string path)
    {
        TiffErrors.Install();
        using var tiff = Tiff.Open(path, "r") ?? throw new ImageReadException(path, $"not a readable TIFF file ({TiffErrors.Take()}).");
        var pages = new List<IReadOnlyList<ProvenanceEntry>>();
        var count = tiff.NumberOfDirectories();
        for (short page = 0; page < count; page++)
        {
            if (!tiff.SetDirectory(page))
            {
                throw new ImageReadException(path, $"page {page + 1} cannot be read ({TiffErrors.Take()}).");
            }

            pages.Add(ImageJDescription.ReadProvenance(tiff.GetField(TiffTag.IMAGEDESCRIPTION)?[0].ToString()) ?? []);
        }

        return pages;
    }
}
