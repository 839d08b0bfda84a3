using BitMiracle.LibTiff.Classic;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>What tacs recorded about one page of a stack it wrote.</summary>
/// <param name="FrameIndex">The frame the page came from (a live run's processed stack skips frames), or null when not recorded.</param>
/// <param name="Provenance">The steps that touched the page, with failures (a <c>failed</c> note) included; empty for raw pages.</param>
public sealed record PageRecord(long? FrameIndex, IReadOnlyList<ProvenanceEntry> Provenance);

/// <summary>
/// Reads the provenance tacs writes on every page of a stack (<see cref="TiffStackWriter"/>): which plugin
/// versions processed each page, and which pages failed and why.
/// </summary>
public static class PageProvenance
{
    /// <summary>The record of every page of <paramref name="path"/>, first page first.</summary>
    /// <param name="path">A TIFF file.</param>
    /// <exception cref="ImageReadException">The file is not a readable TIFF.</exception>
    public static IReadOnlyList<PageRecord> Read(string path)
    {
        TiffErrors.Install();
        using var tiff = Tiff.Open(path, "r") ?? throw new ImageReadException(path, $"not a readable TIFF file ({TiffErrors.Take()}).");
        var pages = new List<PageRecord>();
        var count = tiff.NumberOfDirectories();
        for (short page = 0; page < count; page++)
        {
            if (!tiff.SetDirectory(page))
            {
                throw new ImageReadException(path, $"page {page + 1} cannot be read ({TiffErrors.Take()}).");
            }

            var description = tiff.GetField(TiffTag.IMAGEDESCRIPTION)?[0].ToString();
            pages.Add(new PageRecord(ImageJDescription.ReadFrameIndex(description), ImageJDescription.ReadProvenance(description) ?? []));
        }

        return pages;
    }
}
