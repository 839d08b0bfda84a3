using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Classification;
using Tacs.Collagen.Metrics;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs classify train | predict | evaluate</c>: the TACS random-forest classifier.</summary>
internal static class ClassifyCommands
{
    public static Command Create()
    {
        var command = new Command("classify", "Classify collagen images as TACS-1/2/3: train a model, predict, evaluate.");
        command.Subcommands.Add(CreateTrain());
        command.Subcommands.Add(ClassifyPredict.Create());
        command.Subcommands.Add(CreateEvaluate());
        return command;
    }

    private static Command CreateTrain()
    {
        var data = new Option<string[]>("--data", "-d") { Description = "Labelled images: a CSV (label, image, boundary columns; e.g. labels.csv of 'tacs synth') or a folder with TACS-1/TACS-2/TACS-3 sub-folders. Repeat it to pool several sets.", Required = true, Arity = ArgumentArity.OneOrMore };
        var imageColumn = new Option<string?>("--image-column") { Description = "CSV column holding the image path (default: image, clean, path or file)." };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write (.zip).", Required = true };
        var noBoundary = new Option<bool>("--no-boundary") { Description = "Train a boundary-free model (ignore boundaries)." };
        var band = BandOption();
        var trees = new Option<int>("--trees") { Description = "Trees per one-versus-all forest.", DefaultValueFactory = _ => 100 };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree (2–4096).", DefaultValueFactory = _ => new TrainingOptions().Leaves };
        var minLeaf = new Option<int>("--min-leaf") { Description = "Fewest training images in a leaf.", DefaultValueFactory = _ => new TrainingOptions().MinimumExamplesPerLeaf };
        var seed = new Option<int>("--seed") { Description = "Seed of the training.", DefaultValueFactory = _ => 1 };
        var command = new Command("train", "Measure fibre features of labelled images and train a one-versus-all FastForest (random forest) model.")
        {
            data, imageColumn, output, noBoundary, band, trees, leaves, minLeaf, seed,
        };
        CommandRunner.SetAction(command, (parse, cancellation) => Guard(() =>
        {
            // Settings are checked before the features are measured, which can take many minutes.
            new TrainingOptions { Trees = parse.GetValue(trees), Leaves = parse.GetValue(leaves), MinimumExamplesPerLeaf = parse.GetValue(minLeaf) }.Validate();
            var useBoundary = !parse.GetValue(noBoundary);
            var sets = parse.GetValue(data)!;
            var (examples, failed, measureTime, measured) = MeasureLabelled(sets, parse.GetValue(imageColumn), useBoundary, parse.GetValue(band), cancellation);
            var sides = measured.Where(m => m.Features is not null).Select(m => m.Side).Order().ToArray();
            var pixelSizes = measured.Where(m => m.Features is not null && m.PixelSizeMicrons is > 0).Select(m => m.PixelSizeMicrons!.Value).Order().ToArray();
            var options = new TrainingOptions
            {
                Trees = parse.GetValue(trees),
                Leaves = parse.GetValue(leaves),
                MinimumExamplesPerLeaf = parse.GetValue(minLeaf),
                Seed = parse.GetValue(seed),
                BandWidth = parse.GetValue(band),
                ImageSide = sides.Length > 0 ? sides[sides.Length / 2] : null,
                PixelSizeMicrons = pixelSizes.Length > 0 ? pixelSizes[pixelSizes.Length / 2] : null,
                Command = "tacs " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                DataDescription = $"{examples.Count} images from {string.Join(" + ", sets.Select(Path.GetFullPath))}",
            };
            var watch = Stopwatch.StartNew();
            var model = TacsModel.Train(examples, options);
            var trainTime = watch.Elapsed;
            var path = Path.GetFullPath(parse.GetValue(output)!);
            model.Save(path);
            Console.WriteLine($"Trained on {examples.Count} images ({string.Join(", ", model.Metadata.TrainingCounts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}); {model.FeatureNames.Count} features{(model.NeedsBoundary ? " with boundary" : ", boundary-free")}.");
            Console.WriteLine(FormattableString.Invariant($"Features measured in {measureTime.TotalSeconds:F1} s, model trained in {trainTime.TotalSeconds:F1} s ({options.Trees} trees of up to {options.Leaves} leaves per class, seed {options.Seed})."));
            Console.WriteLine(FormattableString.Invariant($"Wrote {path} (feature version {model.Metadata.FeatureVersion}; images {model.Metadata.ImageSide?.ToString() ?? "?"} px, pixel size {model.Metadata.PixelSizeMicrons?.ToString("0.###") ?? "unknown"} µm, band {options.BandWidth:0.#} px)."));
            return failed == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
        }));
        return command;
    }

    private static Command CreateEvaluate()
    {
        var data = new Option<string>("--data", "-d") { Description = "Labelled images (CSV or folder with TACS-1/2/3 sub-folders).", Required = true };
        var imageColumn = new Option<string?>("--image-column") { Description = "CSV column holding the image path." };
        var model = new Option<string?>("--model", "-m") { Description = "Evaluate this saved model on the data. Without it, the data is cross-validated (training inside each fold)." };
        var noBoundary = new Option<bool>("--no-boundary") { Description = "Boundary-free features only." };
        var band = BandOption();
        var folds = new Option<int>("--folds", "-k") { Description = "Folds of the stratified k-fold.", DefaultValueFactory = _ => 5 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats of the k-fold, each with a new shuffle.", DefaultValueFactory = _ => 3 };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Instead of k-fold: one stratified train/test split with this test fraction." };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds or split.", DefaultValueFactory = _ => 1 };
        var command = new Command("evaluate", "Accuracy, per-class precision/recall/F1, macro ROC-AUC and confusion matrix: of a saved model, by repeated stratified k-fold, or on a stratified split.")
        {
            data, imageColumn, model, noBoundary, band, folds, repeats, testFraction, seed,
        };
        CommandRunner.SetAction(command, (parse, cancellation) => Guard(() =>
        {
            var (examples, failed, _, _) = MeasureLabelled([parse.GetValue(data)!], parse.GetValue(imageColumn), !parse.GetValue(noBoundary), parse.GetValue(band), cancellation);
            var truth = examples.Select(e => e.Label).ToArray();
            if (parse.GetValue(model) is { } file)
            {
                var saved = TacsModel.Load(Path.GetFullPath(file));
                var report = ClassificationReport.Create(truth, saved.PredictMany([.. examples.Select(e => e.Features)]), saved.Classes);
                Console.WriteLine($"Model {Path.GetFullPath(file)} on {examples.Count} images:");
                Console.Write(report.Describe());
            }
            else if (parse.GetValue(testFraction) is double fraction)
            {
                var (train, test) = StratifiedFolds.Split(truth, fraction, parse.GetValue(seed));
                var trained = TacsModel.Train([.. train.Select(i => examples[i])], new TrainingOptions { BandWidth = parse.GetValue(band) });
                var report = ClassificationReport.Create([.. test.Select(i => truth[i])], trained.PredictMany([.. test.Select(i => examples[i].Features)]), trained.Classes);
                Console.WriteLine(FormattableString.Invariant($"Stratified split, seed {parse.GetValue(seed)}: trained on {train.Length}, tested on {test.Length}:"));
                Console.Write(report.Describe());
            }
            else
            {
                var k = parse.GetValue(folds);
                var r = parse.GetValue(repeats);
                var result = CrossValidation.RepeatedStratifiedKFold(examples, k, r, parse.GetValue(seed), new TrainingOptions { BandWidth = parse.GetValue(band) });
                Console.WriteLine($"Repeated stratified {k}-fold × {r} on {examples.Count} images (seed {parse.GetValue(seed)}), mean ± standard deviation over {result.Folds.Count} folds:");
                Table.Print(["measure", "mean ± sd"],
                [
                    ["accuracy", result.Accuracy.ToString()],
                    ["macro F1", result.MacroF1.ToString()],
                    ["macro OvR ROC-AUC", result.MacroRocAuc.ToString()],
                    .. result.Folds[0].Classes.Select(c => (string[])[$"F1 {c}", MeanStd.Of([.. result.Folds.Select(f => f.PerClass.First(p => p.Class == c).F1)]).ToString()]),
                ]);
            }

            return failed == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
        }));
        return command;
    }

    internal static Option<double> BandOption() =>
        new("--band") { Description = "Distance from the boundary within which fibres count for boundary features, px.", DefaultValueFactory = _ => 100 };

    private static (IReadOnlyList<TrainingExample> Examples, int Failed, TimeSpan Time, IReadOnlyList<MeasuredItem> Measured) MeasureLabelled(IReadOnlyList<string> sets, string? imageColumn, bool useBoundary, double band, CancellationToken cancellation)
    {
        var items = sets.SelectMany(set => CollagenInputs.Read(set, imageColumn, boundary: null)).ToList();
        if (useBoundary && items.Any(i => i.Boundary is null))
        {
            var missing = items.Where(i => i.Boundary is null).ToArray();
            throw new ArgumentException($"{missing.Length} of {items.Count} images have no boundary (first: {missing[0].Image}); add a boundary column or sidecar files, or use --no-boundary for a boundary-free model.");
        }

        var watch = Stopwatch.StartNew();
        // Training and evaluation read the first page of each file: a labels file names images, not pages.
        var measured = CollagenMeasure.Measure(items, new MeasureOptions(useBoundary, band, Pages: [0]), _ => null, cancellation);
        var examples = CollagenInputs.Examples(measured);
        var smallest = examples.GroupBy(e => e.Label).Select(g => (Label: g.Key, Count: g.Count())).OrderBy(g => g.Count).FirstOrDefault();
        if (smallest.Count is > 0 and < 20)
        {
            // FastForest needs enough examples per leaf; with a handful per class it may predict one class for all.
            Console.Error.WriteLine($"warning: only {smallest.Count} {smallest.Label} image(s); a random forest needs about 20–30 per class (and per training fold) to learn anything.");
        }

        return (examples, measured.Count(m => m.Error is not null), watch.Elapsed, measured);
    }

    // The library's own exceptions carry messages for users: show them as one 'error:' line like the rest.
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is ModelException or BoundaryException or FormatException)
        {
            throw new ArgumentException(ex.Message, ex);
        }
    }
}
