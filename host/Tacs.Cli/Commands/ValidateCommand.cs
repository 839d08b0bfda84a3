using Tacs.Host.Batch;
using System.CommandLine;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Validation.Report;
using Tacs.Validation.Study;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs validate</c>: does denoising improve TACS classification by more than 5 points?</summary>
internal static class ValidateCommand
{
    /// <summary>Methods the study uses by default, when their plugins are installed.</summary>
    public static readonly string[] DefaultMethods = ["gaussian(sigma=1)", "bm3d(noise=poisson-gaussian, profile=fast)", "drunet(noise=poisson-gaussian)"];

    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Small run (128 px, 20 images per class, 3-fold × 5): checks the whole study in a couple of minutes." };
        var output = new Option<string>("--output", "-o") { Description = "Report folder.", DefaultValueFactory = _ => "validation-report" };
        var methods = new Option<string[]>("--method", "-m") { Description = "A denoising method as a chain; repeat for several (default: gaussian(sigma=1), bm3d(noise=poisson-gaussian, profile=fast), drunet(noise=poisson-gaussian) — those installed)." };
        var perClass = new Option<string?>("--per-class") { Description = "Synthetic images per class, or 'auto' (default; quick: 20): as many as a pilot says the intervals need (see --half-width, --pilot)." };
        var pilot = new Option<string?>("--pilot") { Description = "Size the study from this earlier report.json's fold accuracies instead of running a pilot (needed with --shard and --per-class auto)." };
        var halfWidth = new Option<double>("--half-width") { Description = "With --per-class auto: half-width in points the accuracy-difference intervals are sized for.", DefaultValueFactory = _ => 2.5 };
        var pilotPerClass = new Option<int>("--pilot-per-class") { Description = "With --per-class auto and no --pilot: images per class of the pilot run (its images are the study's first).", DefaultValueFactory = _ => 30 };
        var maxPerClass = new Option<int>("--max-per-class") { Description = "With --per-class auto: at most this many images per class.", DefaultValueFactory = _ => 1000 };
        var planOnly = new Option<bool>("--plan-only") { Description = "Print how many images per class the pilot asks for, and stop." };
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
        var cacheFolder = new Option<string?>("--cache") { Description = "Folder of denoised images kept between runs, keyed by image, chain and plugin build (default: ~/.cache/tacs/denoised; shards may share one)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Denoise everything afresh and keep nothing." };
        var cacheLimit = new Option<string>("--cache-limit") { Description = "After the run, remove the denoised images used longest ago until the cache fits this size (K, M, G, T; 0 empties it).", DefaultValueFactory = _ => $"{DenoiseCache.DefaultLimit >> 30}G" };
        var shardFolder = new Option<string?>("--shard-folder") { Description = "Folder of the shard files (default: OUTPUT/shards); must be shared by every shard and the merge." };
        var command = new Command("validate", "Validation study: synthetic TACS images at several noise levels, each denoiser against the raw images, cross-validated classification with intervals and paired tests; real images; robustness. Writes a report folder (Markdown, HTML, JSON, plots).")
        {
            quick, output, methods, perClass, pilot, pilotPerClass, halfWidth, maxPerClass, planOnly, size, noise, readNoise, folds, repeats, seed, target, realNoisy, realCollagen, noRobustness, overwrite, shard, merge, shardFolder, cacheFolder, noCache, cacheLimit,
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
            var limit = ByteSize.Parse(parse.GetValue(cacheLimit)!, "--cache-limit");
            var cache = parse.GetValue(noCache) ? null : new DenoiseCache(parse.GetValue(cacheFolder) ?? DenoiseCache.DefaultFolder(), limit);
            try
            {
                ValidationResult result;
                if (parse.GetValue(merge))
                {
                    result = ValidationStudy.Merge(shards, session.Log);
                }
                else
                {
                    var basis = parse.GetValue(quick) ? ValidationOptions.Quick : new ValidationOptions();
                    // A pilot report asks for sizing even with --quick; otherwise --quick keeps its fixed small size.
                    var perClassText = parse.GetValue(perClass) ?? (parse.GetValue(quick) && parse.GetValue(pilot) is null ? basis.PerClass.ToString(System.Globalization.CultureInfo.InvariantCulture) : "auto");
                    var sized = perClassText == "auto";
                    var options = basis with
                    {
                        Size = parse.GetValue(size) ?? basis.Size,
                        PerClass = sized ? basis.PerClass : int.TryParse(perClassText, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--per-class '{perClassText}' is neither a positive number nor 'auto'."),
                        WantedHalfWidthPoints = parse.GetValue(halfWidth),
                        MaxPerClass = parse.GetValue(maxPerClass),
                        PilotPerClass = parse.GetValue(pilotPerClass),
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
                    if (sized && parse.GetValue(pilot) is { } report)
                    {
                        var plan = PowerPlan.FromReport(report, options.WantedHalfWidthPoints, options.MaxPerClass);
                        Console.WriteLine(Describe(plan));
                        options = options with { PerClass = plan.PerClass, Power = plan };
                    }
                    else if (sized && part is not null)
                    {
                        throw new ArgumentException("Shards must agree on the number of images: with --shard give --per-class N, or --pilot REPORT.json (tacs validate --plan-only prints what a pilot asks for).");
                    }
                    else if (sized)
                    {
                        options.Validate();
                        var (plan, sizedResult) = ValidationStudy.RunSized(options, session.Catalog, folder, session.Log, parse.GetValue(planOnly), cancellation, cache);
                        Console.WriteLine(Describe(plan));
                        if (sizedResult is null)
                        {
                            return ExitCodes.Success;
                        }

                        return Write(sizedResult, folder);
                    }

                    if (parse.GetValue(planOnly))
                    {
                        if (options.Power is null)
                        {
                            throw new ArgumentException("--plan-only needs --per-class auto (the default without --quick).");
                        }

                        return ExitCodes.Success;
                    }

                    if (part is { } one)
                    {
                        ValidationStudy.RunShard(options, session.Catalog, folder, one, shards, session.Log, cancellation, cache);
                        Console.WriteLine($"Shard {one} done: {Path.Combine(shards, one.FileName())}\nWhen every shard is done: tacs validate --merge -o {folder}");
                        return ExitCodes.Success;
                    }

                    result = ValidationStudy.Run(options, session.Catalog, folder, session.Log, cancellation, cache);
                }

                return Write(result, folder);
            }
            finally
            {
                // Once per command, whatever the study did (a sized study runs its pilot and then the rest).
                if (cache is not null && !parse.GetValue(merge))
                {
                    Trim(cache, session.Log);
                }
            }
        });
        return command;
    }

    // Old builds' entries are never asked for again: keep the cache within its limit, the entries used last.
    private static void Trim(DenoiseCache cache, Serilog.ILogger log)
    {
        var trim = cache.Trim();
        log.Information(
            "Denoise cache {Folder}: {Kept} kept (limit {Limit}, --cache-limit), {Removed} entries used longest ago removed ({RemovedBytes})",
            cache.Folder, ByteSize.Format(trim.KeptBytes), ByteSize.Format(cache.Limit), trim.Removed, ByteSize.Format(trim.RemovedBytes));
    }

    private static int Write(ValidationResult result, string folder)
    {
        var (markdown, html, json) = ReportWriter.Write(result, folder);
        Console.WriteLine(ReportWriter.MainTable(result));
        Console.WriteLine($"Report: {markdown}\n        {html}\n        {json}");
        return ExitCodes.Success;
    }

    private static string Describe(PowerPlan plan) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"Sized by the {plan.Source}: widest interval ±{plan.PilotHalfWidth:F1} points ({plan.Widest}) at {plan.PilotPerClass} per class; ±{plan.WantedHalfWidth:G} needs {plan.NeededPerClass} images per class{(plan.Capped ? " (over --max-per-class)" : string.Empty)}; per-class: {plan.PerClass}");

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
