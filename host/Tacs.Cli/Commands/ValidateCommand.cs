using System.CommandLine;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Validation.Report;
using Tacs.Validation.Sharding;
using Tacs.Validation.Study;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs validate</c>: does denoising improve TACS classification by more than 5 points?</summary>
internal static class ValidateCommand
{
    /// <summary>Methods the study uses by default, when their plugins are installed.</summary>
    public static readonly string[] DefaultMethods = ["gaussian(sigma=1)", "bm3d(noise=poisson-gaussian)", "drunet(noise=poisson-gaussian)"];

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Small run (128 px, 20 images per class, 3-fold × 5): checks the whole study in a couple of minutes." };
        var output = new Option<string>("--output", "-o") { Description = "Report folder.", DefaultValueFactory = _ => "validation-report" };
        var methods = new Option<string[]>("--method", "-m") { Description = "A denoising method as a chain; repeat for several (default: gaussian(sigma=1), bm3d(noise=poisson-gaussian), drunet(noise=poisson-gaussian) — those installed)." };
        var perClass = new Option<int?>("--per-class") { Description = "Synthetic images per class (default 30; quick 20)." };
        var size = new Option<int?>("--size") { Description = "Image side in px (default 256; quick 128)." };
        var noise = new Option<string>("--noise") { Description = "Noise levels as peak photon counts.", DefaultValueFactory = _ => "10,3,1" };
        var readNoise = new Option<double>("--read-noise") { Description = "Camera read noise, grey levels.", DefaultValueFactory = _ => 3 };
        var folds = new Option<int?>("--folds") { Description = "Cross-validation folds (default 5; quick 3)." };
        var repeats = new Option<int?>("--repeats") { Description = "Cross-validation repeats (default 5)." };
        var seed = new Option<int>("--seed") { Description = "Seed of data and folds.", DefaultValueFactory = _ => 1 };
        var target = new Option<double>("--target") { Description = "Accuracy gain in points the study asks about.", DefaultValueFactory = _ => 5 };
        var realNoisy = new Option<string[]>("--real-noisy") { Description = "Real noisy fluorescence images or folders for phase 2 (e.g. ../shared/data/hagen)." };
        var realCollagen = new Option<string[]>("--real-collagen") { Description = "Real collagen images or folders for phase 2 (e.g. ../shared/data/shg)." };
        var noRobustness = new Option<bool>("--no-robustness") { Description = "Skip phase 3 (rotations, flips, extra noise)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing report folder's files." };
        var shard = new Option<string?>("--shard") { Description = "Do only part K of N of the per-image work (0-based, e.g. $SLURM_ARRAY_TASK_ID/4) and write it to the shard folder; 'tacs validate --merge' then writes the report. See docs/cluster.md." };
        var merge = new Option<bool>("--merge") { Description = "Write the report from the shard files of a split run (every shard 0..N-1 must be done), instead of running the study." };
        var shardFolder = new Option<string?>("--shard-folder") { Description = "Folder of the shard files (default: OUTPUT/shards); must be shared by every shard and the merge." };
        var command = new Command("validate", "Validation study: synthetic TACS images at several noise levels, each denoiser against the raw images, cross-validated classification with intervals and paired tests; real images; robustness. Writes a report folder (Markdown, HTML, JSON, plots).")
        {
            quick, output, methods, perClass, size, noise, readNoise, folds, repeats, seed, target, realNoisy, realCollagen, noRobustness, overwrite, shard, merge, shardFolder,
        };
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var part = parse.GetValue(shard) is { } text ? Shard.Parse(text) : (Shard?)null;
            if (part is not null && parse.GetValue(merge))
            {
                throw new ArgumentException("--shard and --merge exclude each other: run the shards, then merge once.");
            }

            if (part is null && File.Exists(Path.Combine(folder, "report.json")) && !parse.GetValue(overwrite))
            {
                throw new ArgumentException($"{folder} already holds a report. Pass --overwrite, or choose another --output.");
            }

            var shards = Path.GetFullPath(parse.GetValue(shardFolder) ?? Path.Combine(folder, "shards"));
            using var session = Session.Start(parse);
            ValidationResult result;
            if (parse.GetValue(merge))
            {
                result = ValidationStudy.Merge(shards, session.Log);
            }
            else
            {
                var basis = parse.GetValue(quick) ? ValidationOptions.Quick : new ValidationOptions();
                var options = basis with
                {
                    Size = parse.GetValue(size) ?? basis.Size,
                    PerClass = parse.GetValue(perClass) ?? basis.PerClass,
                    Folds = parse.GetValue(folds) ?? basis.Folds,
                    Repeats = parse.GetValue(repeats) ?? basis.Repeats,
                    Seed = parse.GetValue(seed),
                    TargetDeltaPoints = parse.GetValue(target),
                    Levels = NoiseLevel.ParseList(parse.GetValue(noise)!, parse.GetValue(readNoise)),
                    Methods = Methods(parse.GetValue(methods), session.Catalog, session.Log),
                    RealNoisyImages = Images(parse.GetValue(realNoisy)),
                    RealCollagenImages = Images(parse.GetValue(realCollagen)),
                    Robustness = !parse.GetValue(noRobustness),
                    CommandLine = StudyCommandLine(),
                };
                if (part is { } one)
                {
                    ValidationStudy.RunShard(options, session.Catalog, folder, one, shards, session.Log, cancellation);
                    Console.WriteLine($"Shard {one} done: {Path.Combine(shards, one.FileName())}\nWhen every shard is done: tacs validate --merge -o {folder}");
                    return ExitCodes.Success;
                }

                result = ValidationStudy.Run(options, session.Catalog, folder, session.Log, cancellation);
            }

            var (markdown, html, json) = ReportWriter.Write(result, folder);
            Console.WriteLine(ReportWriter.MainTable(result));
            Console.WriteLine($"Report: {markdown}\n        {html}\n        {json}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The command line as the report records it: without --shard, which every shard of a split run gives differently
    /// (so all shards carry the same settings, and a merged report names the command of the whole study).
    /// </summary>
    public static string StudyCommandLine()
    {
        var args = Environment.GetCommandLineArgs().Skip(1).ToList();
        for (var i = args.Count - 1; i >= 0; i--)
        {
            if (args[i] == "--shard")
            {
                args.RemoveRange(i, Math.Min(2, args.Count - i));
            }
            else if (args[i].StartsWith("--shard=", StringComparison.Ordinal))
            {
                args.RemoveAt(i);
            }
        }

        return "tacs " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
    }

    /// <summary>The chains given, or the default methods whose plugins are installed (saying which are missing).</summary>
    public static IReadOnlyList<string> Methods(string[]? given, PluginCatalog catalog, Serilog.ILogger log)
    {
        if (given is { Length: > 0 })
        {
            return given;
        }

        var installed = new List<string>();
        foreach (var method in DefaultMethods)
        {
            var name = method.Split('(')[0];
            try
            {
                catalog.Resolve(name);
                installed.Add(method);
            }
            catch (KeyNotFoundException)
            {
                log.Warning("Method {Method} left out: its plugin is not installed", name);
            }
        }

        return installed;
    }

    /// <summary>Files and folders (their images) as a list of files.</summary>
    /// <exception cref="ArgumentException">A path does not exist or a folder holds no images.</exception>
    public static IReadOnlyList<string> Images(string[]? paths)
    {
        var files = new List<string>();
        foreach (var path in paths ?? [])
        {
            if (Directory.Exists(path))
            {
                var inFolder = ImageFiles.InFolder(path);
                files.AddRange(inFolder.Count > 0 ? inFolder : throw new ArgumentException($"{path} holds no images."));
            }
            else
            {
                files.Add(File.Exists(path) ? Path.GetFullPath(path) : throw new ArgumentException($"{path} does not exist."));
            }
        }

        return files;
    }
}
