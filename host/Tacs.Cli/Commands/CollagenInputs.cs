using System.Collections.Concurrent;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;

namespace Tacs.Cli.Commands;

/// <summary>An image to classify or learn from: its file, its class when known, its boundary file when any.</summary>
internal sealed record CollagenItem(string Image, string? Label, string? Boundary);


/// <summary>
/// Reads the inputs of the classify commands as users have them: one image, a folder of images, a folder with
/// one sub-folder per class (TACS-1/, TACS-2/, TACS-3/), or a CSV with columns label, image (or another image
/// column) and boundary; boundaries default to sidecar files next to the images.
/// </summary>
internal static class CollagenInputs
{
    public static IReadOnlyList<CollagenItem> Read(string input, string? imageColumn, string? boundary)
    {
        var path = Path.GetFullPath(input);
        IReadOnlyList<CollagenItem> items;
        if (Directory.Exists(path))
        {
            items = ReadFolder(path);
        }
        else if (File.Exists(path) && Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            items = ReadCsv(path, imageColumn);
        }
        else if (File.Exists(path))
        {
            items = [new CollagenItem(path, null, BoundaryFiles.FindSidecar(path))];
        }
        else
        {
            throw new FileNotFoundException($"Input {path} not found; give an image, a folder of images, a folder with TACS-1/TACS-2/TACS-3 sub-folders, or a labels CSV.");
        }

        if (items.Count == 0)
        {
            throw new ArgumentException($"{path} holds no readable images ({string.Join(", ", ImageFiles.TiffExtensions.Concat(ImageFiles.OtherExtensions))}).");
        }

        if (boundary is not null)
        {
            if (items.Count != 1)
            {
                throw new ArgumentException("--boundary applies to a single image; for many images put a boundary column in the CSV or sidecar files (name.boundary.csv, name_mask.tif) next to the images.");
            }

            items = [items[0] with { Boundary = Path.GetFullPath(boundary) }];
        }

        return items;
    }

    public static IReadOnlyList<TrainingExample> Examples(IReadOnlyList<MeasuredItem> measured)
    {
        var unlabelled = measured.Where(m => m.Item.Label is null).Select(m => m.Item.Image).ToArray();
        if (unlabelled.Length > 0)
        {
            throw new ArgumentException($"{unlabelled.Length} image(s) have no class (first: {unlabelled[0]}); give a CSV with a label column or a folder with TACS-1/TACS-2/TACS-3 sub-folders.");
        }

        return [.. measured.Where(m => m.Features is not null).Select(m => new TrainingExample(m.Item.Label!, m.Features!, m.Item.Image))];
    }

    /// <summary>The shipped model of the classifier plugin, next to it in the plugins folder.</summary>
    public static string ShippedModel(bool withBoundary, string? pluginsFolder)
    {
        var folder = pluginsFolder is { Length: > 0 } ? Path.GetFullPath(pluginsFolder) : Path.Combine(AppContext.BaseDirectory, "plugins");
        var path = Path.Combine(folder, "Tacs.Classifier", "Models", withBoundary ? "default.zip" : "boundary-free.zip");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shipped model {path} is missing; build the solution (it copies plugins/Tacs.Classifier/Models) or give --model.");
    }

    private static List<CollagenItem> ReadFolder(string folder)
    {
        var classFolders = Directory.EnumerateDirectories(folder)
            .Select(d => (Folder: d, Label: TryClass(Path.GetFileName(d))))
            .Where(d => d.Label is not null)
            .ToArray();
        if (classFolders.Length > 0)
        {
            return [.. classFolders.SelectMany(c => ImageFiles.InFolder(c.Folder).Where(IsImage).Select(p => new CollagenItem(p, c.Label, BoundaryFiles.FindSidecar(p))))];
        }

        return [.. ImageFiles.InFolder(folder).Where(IsImage).Select(p => new CollagenItem(p, null, BoundaryFiles.FindSidecar(p)))];
    }

    // Sidecar masks sit next to the images; they are boundaries, not images to classify.
    private static bool IsImage(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return !name.EndsWith("_mask", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".boundary", StringComparison.OrdinalIgnoreCase);
    }

    private static string? TryClass(string name)
    {
        try
        {
            return TacsClassNames.Parse(name).Name();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<CollagenItem> ReadCsv(string path, string? imageColumn)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length < 2)
        {
            throw new ArgumentException($"{path} has no data rows; it needs a header (label,image[,boundary]) and one row per image.");
        }

        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        // Several columns (e.g. clean,p10,p3,p1 of a synth set) pool the versions of each image into one set.
        var columns = imageColumn is not null
            ? imageColumn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToLowerInvariant()).ToArray()
            : [new[] { "image", "clean", "path", "file" }.FirstOrDefault(header.Contains)
                ?? throw new ArgumentException($"{path}: no image column (image, clean, path or file); name one with --image-column. Columns: {string.Join(", ", header)}.")];
        var imageIndices = columns.Select(column => Array.IndexOf(header, column) is var index and >= 0
            ? index
            : throw new ArgumentException($"{path}: no column '{column}'. Columns: {string.Join(", ", header)}.")).ToArray();
        var labelIndex = Array.FindIndex(header, h => h is "label" or "class");
        var boundaryIndex = Array.FindIndex(header, h => h is "boundary");
        if (boundaryIndex < 0)
        {
            boundaryIndex = Array.FindIndex(header, h => h is "mask");
        }

        var baseFolder = Path.GetDirectoryName(path)!;
        var items = new List<CollagenItem>();
        for (var row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length != header.Length)
            {
                throw new ArgumentException($"{path}, line {row + 1}: {cells.Length} cells, but the header has {header.Length}.");
            }

            string? label = null;
            if (labelIndex >= 0)
            {
                try
                {
                    label = TacsClassNames.Parse(cells[labelIndex]).Name();
                }
                catch (FormatException ex)
                {
                    throw new ArgumentException($"{path}, line {row + 1}: {ex.Message}");
                }
            }

            foreach (var imageIndex in imageIndices)
            {
                var image = Path.GetFullPath(cells[imageIndex], baseFolder);
                var boundary = boundaryIndex >= 0 && cells[boundaryIndex].Length > 0 ? Path.GetFullPath(cells[boundaryIndex], baseFolder) : BoundaryFiles.FindSidecar(image);
                items.Add(new CollagenItem(image, label, boundary));
            }
        }

        return items;
    }
}
