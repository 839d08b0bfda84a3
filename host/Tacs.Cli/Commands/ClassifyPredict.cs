using System.CommandLine;
using System.Globalization;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Overlay;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs classify predict</c>: one prediction per page, with doubts, scale checks, a results table and overlays.</summary>
internal static class ClassifyPredict
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "An image or stack, a folder of images, or a CSV with an image column." };
        var imageColumn = new Option<string?>("--image-column") { Description = "CSV column holding the image path." };
        var model = new Option<string?>("--model", "-m") { Description = "Model file (default: the shipped model; the boundary-free one for images without a boundary)." };
        var boundary = new Option<string?>("--boundary", "-b") { Description = "Tumour boundary of a single image: polygon CSV (x,y per line) or mask image. Default: sidecar files (name.boundary.csv, name_mask.tif, …). One boundary serves every page of a stack." };
        var band = new Option<double?>("--band") { Description = "Distance from the boundary within which fibres count, px at the model's pixel size. Default: the model's band (a different band gives a warning)." };
        var pages = new Option<string>("--pages") { Description = "Pages of stacks to classify: all, or 1-based numbers and ranges such as 1,3-5.", DefaultValueFactory = _ => "all" };
        var pixelSize = new Option<double?>("--pixel-size") { Description = "Pixel size of the images, µm (overrides the file's ImageJ/TIFF resolution). Images are resampled to the model's pixel size." };
        var noRescale = new Option<bool>("--no-rescale") { Description = "Do not resample to the model's pixel size; only warn when the sizes differ." };
        var results = new Option<string?>("--results", "-o", "--output") { Description = "Write one row per page (label, answer, probabilities, doubts, warnings, every feature) to a .csv or .json file." };
        var overlay = new Option<string?>("--overlay") { Description = "Write an overlay PNG (boundary, band, fibres coloured by angle to the boundary, arc scores, answer): a file for one page, else a folder with one PNG per page." };
        var command = new Command("predict", "Predict the TACS class of every page of images: label, probabilities, doubts (split probabilities, features unlike the training images), scale checks; a summary per class.")
        {
            input, imageColumn, model, boundary, band, pages, pixelSize, noRescale, results, overlay,
        };
        CommandRunner.SetAction(command, (parse, cancellation) => ClassifyCommands.Guard(() =>
        {
            if (parse.GetValue(pixelSize) is double given && (!double.IsFinite(given) || given <= 0 || given > 1000))
            {
                throw new ArgumentException($"--pixel-size {given} must be a pixel size in µm above 0 and at most 1000.");
            }

            if (parse.GetValue(band) is double b && (!double.IsFinite(b) || b is < 5 or > 2000))
            {
                throw new ArgumentException($"--band {b} is outside 5–2000 px.");
            }

            if (parse.GetValue(results) is { } resultsPath && Path.GetExtension(resultsPath).ToLowerInvariant() is not (".csv" or ".json"))
            {
                throw new ArgumentException($"--results {resultsPath}: the file must end in .csv or .json.");
            }

            var items = CollagenInputs.Read(parse.GetValue(input)!, parse.GetValue(imageColumn), parse.GetValue(boundary));
            var explicitPath = parse.GetValue(model) is { } file ? Path.GetFullPath(file) : null;
            var explicitModel = explicitPath is not null ? TacsModel.Load(explicitPath) : null;
            var plugins = parse.GetValue(GlobalOptions.Plugins);
            var shipped = new Dictionary<bool, (TacsModel Model, string Name)>();
            (TacsModel Model, string Name) ModelFor(bool withBoundary)
            {
                if (explicitModel is not null)
                {
                    return (explicitModel, Path.GetFileName(explicitPath!));
                }

                lock (shipped)
                {
                    if (!shipped.TryGetValue(withBoundary, out var entry))
                    {
                        var path = CollagenInputs.ShippedModel(withBoundary, plugins);
                        entry = (TacsModel.Load(path), Path.GetFileName(path));
                        shipped[withBoundary] = entry;
                    }

                    return entry;
                }
            }

            // Load the models before measuring in parallel, so a missing or outdated model is one clear error.
            foreach (var withBoundary in items.Select(i => i.Boundary is not null).Distinct())
            {
                ModelFor(withBoundary);
            }

            var overlayPath = parse.GetValue(overlay);
            var options = new MeasureOptions(true, parse.GetValue(band), PageSelection.Parse(parse.GetValue(pages)), parse.GetValue(pixelSize), !parse.GetValue(noRescale), KeepDetail: overlayPath is not null);
            var measured = CollagenMeasure.Measure(items, options, item => ModelFor(item.Boundary is not null).Model.Metadata, cancellation);
            var records = new List<PredictionRecord>();
            foreach (var m in measured)
            {
                if (m.Features is null)
                {
                    records.Add(new PredictionRecord(m, null, null, m.Error));
                    continue;
                }

                var (chosen, name) = ModelFor(m.Features.BoundaryUsed);
                try
                {
                    records.Add(new PredictionRecord(m, chosen.Predict(m.Features), name, null));
                }
                catch (ModelException ex)
                {
                    Console.Error.WriteLine($"error: {CollagenMeasure.Describe(m)}: {ex.Message}");
                    records.Add(new PredictionRecord(m, null, null, ex.Message));
                }
            }

            PredictionOutput.PrintTable(records);
            PredictionOutput.PrintSummary(records);
            if (parse.GetValue(results) is { } outPath)
            {
                PredictionOutput.Write(Path.GetFullPath(outPath), records);
                Console.WriteLine($"Wrote {Path.GetFullPath(outPath)}.");
            }

            if (overlayPath is not null)
            {
                WriteOverlays(Path.GetFullPath(overlayPath), records);
            }

            return records.All(r => r.Error is null) ? ExitCodes.Success : ExitCodes.PartialFailure;
        }));
        return command;
    }

    private static void WriteOverlays(string path, IReadOnlyList<PredictionRecord> records)
    {
        var drawable = records.Where(r => r.Measured.Analysis is not null && r.Measured.Pixels is not null).ToArray();
        var single = records.Count == 1 && !Directory.Exists(path);
        foreach (var r in drawable)
        {
            var m = r.Measured;
            var target = single ? path : Path.Combine(path, FormattableString.Invariant($"{Path.GetFileNameWithoutExtension(m.Item.Image)}{(m.PageCount > 1 ? $"_p{m.Page + 1}" : string.Empty)}.png"));
            var caption = new List<string>
            {
                r.Prediction is { } p
                    ? $"{p.Answer} ({string.Join(" ", p.Probabilities.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value.ToString("F2", CultureInfo.InvariantCulture)}"))})"
                    : "error: " + r.Error,
            };
            caption.AddRange(r.Prediction?.Doubts.Select(d => "doubt: " + Shorten(d)) ?? []);
            caption.AddRange(m.Warnings.Select(w => "warning: " + Shorten(w)));
            ClassificationOverlay.Write(target, m.Pixels, m.Width, m.Height, m.Analysis!, caption);
        }

        Console.WriteLine(single ? $"Wrote overlay {path}." : $"Wrote {drawable.Length} overlay(s) to {path}.");
    }

    private static string Shorten(string text) => text.Length <= 90 ? text : text[..87] + "...";
}
