using System.Collections.Concurrent;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Features;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;

namespace Tacs.Cli.Commands;

/// <summary>An image to classify or learn from: its file, its class when known, its boundary file when any.</summary>
internal sealed record CollagenItem(string Image, string? Label, string? Boundary);

/// <summary>An item after measuring: its features, or why it failed.</summary>
internal sealed record MeasuredItem(CollagenItem Item, FeatureVector? Features, string? Error, IReadOnlyList<string> Notes);

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

    /// <summary>Reads and measures every item, in parallel; a failing item is reported, not fatal.</summary>
    public static IReadOnlyList<MeasuredItem> Measure(IReadOnlyList<CollagenItem> items, bool useBoundary, double band, CancellationToken cancellation)
    {
        var results = new MeasuredItem[items.Count];
        var done = 0;
        var options = new FeatureOptions { BandWidth = band };
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation }, i =>
        {
            var item = items[i];
            try
            {
                using var source = ImageFiles.Open(item.Image);
                var frame = source.ReadPage(0);
                var notes = new List<string>(source.Notes);
                if (source.PageCount > 1)
                {
                    notes.Add($"{source.PageCount} pages: the first page was used.");
                }

                var boundary = useBoundary && item.Boundary is not null ? BoundaryFiles.Read(item.Boundary, frame.Width, frame.Height) : null;
                var features = FibreFeatureExtractor.Extract(frame, boundary, options);
                notes.AddRange(features.Notes);
                results[i] = new MeasuredItem(item, features, null, notes);
            }
            catch (Exception ex) when (ex is ImageReadException or BoundaryException or ArgumentException or IOException)
            {
                results[i] = new MeasuredItem(item, null, ex.Message, []);
            }

            var n = Interlocked.Increment(ref done);
            if (items.Count >= 20 && (n % 50 == 0 || n == items.Count))
            {
                Console.Error.WriteLine($"measured {n}/{items.Count}");
            }
        });

        foreach (var failed in results.Where(r => r.Error is not null))
        {
            Console.Error.WriteLine($"error: {failed.Item.Image}: {failed.Error}");
        }

        return results;
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
        var column = imageColumn?.ToLowerInvariant() ?? new[] { "image", "clean", "path", "file" }.FirstOrDefault(header.Contains)
            ?? throw new ArgumentException($"{path}: no image column (image, clean, path or file); name one with --image-column. Columns: {string.Join(", ", header)}.");
        var imageIndex = Array.IndexOf(header, column);
        if (imageIndex < 0)
        {
            throw new ArgumentException($"{path}: no column '{column}'. Columns: {string.Join(", ", header)}.");
        }

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

            var image = Path.GetFullPath(cells[imageIndex], baseFolder);
            var boundary = boundaryIndex >= 0 && cells[boundaryIndex].Length > 0 ? Path.GetFullPath(cells[boundaryIndex], baseFolder) : BoundaryFiles.FindSidecar(image);
            items.Add(new CollagenItem(image, label, boundary));
        }

        return items;
    }
}
