using Tacs.Host.Batch;
using System.CommandLine;
using System.Globalization;
using Tacs.Host.Imaging;
using Tacs.Validation.Comparison;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs compare</c>: ranks installed denoisers on images with clean references.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var clean = new Argument<string>("clean") { Description = "A clean image or a folder of clean images." };
        var noisy = new Option<string?>("--noisy") { Description = "Noisy versions (a file, or a folder with the same file names) instead of adding noise." };
        var sigmas = new Option<string>("--sigma") { Description = "Gaussian noise levels to add, in the images' grey levels (not clipped).", DefaultValueFactory = _ => "15,25,50" };
        var methods = new Option<string[]>("--method", "-m") { Description = "A method as a chain; repeat for several (default: every installed denoiser with its default parameters)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the added noise.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output", "-o") { Description = "Folder for compare.csv, compare.md and compare-psnr.png.", DefaultValueFactory = _ => "compare" };
        var timeout = StepTimeoutOption.Create(defaultSeconds: 0);
        var shard = new Option<string?>("--shard") { Description = "Score only the images K, K+N, … of N shards (0-based) and write them to the shard folder; then --merge. See docs/cluster.md." };
        var merge = new Option<bool>("--merge") { Description = "Write the tables from the shard files of a split run, instead of scoring." };
        var shardFolder = new Option<string?>("--shard-folder") { Description = "Folder of the shard files (default: OUTPUT/shards)." };
        var command = new Command("compare", "Compare denoisers (any installed, third-party included) on clean images with noise added, or on clean/noisy pairs: PSNR, SSIM and time per image and method.")
        {
            clean, noisy, sigmas, methods, seed, output, shard, merge, shardFolder, timeout,
        };
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            using var session = Session.Start(parse);
            var cleanFiles = Files(parse.GetValue(clean)!);
            IReadOnlyList<string>? noisyFiles = null;
            if (parse.GetValue(noisy) is { } noisyPath)
            {
                noisyFiles = Directory.Exists(noisyPath)
                    ? [.. cleanFiles.Select(f => Path.Combine(noisyPath, Path.GetFileName(f))).Select(f => File.Exists(f) ? f : throw new ArgumentException($"{f} is missing: the noisy folder needs a file of the same name for every clean image."))]
                    : File.Exists(noisyPath) && cleanFiles.Count == 1 ? [noisyPath] : throw new ArgumentException($"--noisy {noisyPath}: not a folder, or not a single file for a single clean image.");
            }

            var chosen = parse.GetValue(methods) is { Length: > 0 } given
                ? given
                : [.. session.Catalog.Slots.Where(s => s.Current.Kind == "denoiser").Select(s => s.Current.Manifest.ShortName)];
            if (chosen.Length == 0)
            {
                throw new ArgumentException($"No denoisers are installed in {session.Catalog.PluginsFolder}.");
            }

            var options = new Tacs.Validation.Comparison.CompareOptions
            {
                CleanImages = cleanFiles,
                NoisyImages = noisyFiles,
                Sigmas = [.. parse.GetValue(sigmas)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Sigma)],
                Methods = chosen,
                Seed = parse.GetValue(seed),
                StepTimeout = StepTimeoutOption.Read(parse, timeout),
            };
            var failures = new List<string>();
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var shards = Path.GetFullPath(parse.GetValue(shardFolder) ?? Path.Combine(folder, "shards"));
            IReadOnlyList<CompareRow> rows;
            if (parse.GetValue(shard) is { } text)
            {
                var part = Shard.Parse(text);
                if (parse.GetValue(merge))
                {
                    throw new ArgumentException("--shard and --merge exclude each other: run the shards, then merge once.");
                }

                var path = ComparisonShards.Write(options, part, ComparisonRun.Run(options, session.Catalog, session.Log, part, cancellation, failures), shards);
                Console.WriteLine($"Shard {part} done: {path}\nWhen every shard is done: the same command with --merge instead of --shard.");
                failures.ForEach(f => Console.WriteLine("failed: " + f));
                return failures.Count == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
            }

            rows = parse.GetValue(merge) ? ComparisonShards.Merge(options, shards) : ComparisonRun.Run(options, session.Catalog, session.Log, cancellation, failures);
            ComparisonReport.Write(rows, folder);
            Console.WriteLine(ComparisonReport.Table(rows));
            Console.WriteLine($"Written: {folder}/compare.csv, compare.md, compare-psnr.png");
            foreach (var failure in failures)
            {
                Console.WriteLine("failed: " + failure);
            }

            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
        });
        return command;
    }

    private static double Sigma(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma) && sigma > 0 && double.IsFinite(sigma)
            ? sigma
            : throw new ArgumentException($"--sigma '{text}' is not a positive number.");

    private static IReadOnlyList<string> Files(string path) =>
        Directory.Exists(path) ? (ImageFiles.InFolder(path) is { Count: > 0 } files ? files : throw new ArgumentException($"{path} holds no images."))
        : File.Exists(path) ? [Path.GetFullPath(path)]
        : throw new ArgumentException($"{path} does not exist.");
}
