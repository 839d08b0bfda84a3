using System.CommandLine;
using System.Globalization;
using Tacs.Torch;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using Tacs.Torch.Training;
using Tacs.Torch.Weights;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs train drunet</c>: trains DRUNet weights from noisy images alone (or from clean/noisy pairs).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model.");
        train.Subcommands.Add(CreateDrunet());
        return train;
    }

    private static Command CreateDrunet()
    {
        var input = new Option<string?>("--input", "-i") { Description = "Folder, stack or image of NOISY training images (or clean ones with --add-noise). Needed unless --scenes is given." };
        var output = new Option<string>("--output", "-o") { Description = "Weights file to write (.drunet); its checkpoint is <output>.ckpt.", DefaultValueFactory = _ => "drunet" + WeightsFile.Extension };
        var method = new Option<string>("--method", "-m") { Description = "n2n (Neighbor2Neighbor), r2r (Recorrupted-to-Recorrupted), sure (Gaussian SURE; after the Anscombe transform for poisson-gaussian), sure-pg (Poisson–Gaussian SURE in photo-electrons; needs --noise poisson-gaussian), or supervised (needs --clean).", DefaultValueFactory = _ => "r2r" };
        var clean = new Option<string?>("--clean") { Description = "Clean images pairing the input in name order (supervised training only)." };
        var noise = new Option<string>("--noise") { Description = "gaussian, or poisson-gaussian (trained through the Anscombe transform).", DefaultValueFactory = _ => "gaussian" };
        var sigma = new Option<double?>("--sigma") { Description = "Gaussian noise σ in image units (default: estimated per image)." };
        var gain = new Option<double?>("--gain") { Description = "Poisson–Gaussian gain (default: estimated per image)." };
        var readNoise = new Option<double?>("--read-noise") { Description = "Poisson–Gaussian read noise (default: estimated per image)." };
        var offset = new Option<double>("--offset") { Description = "Dark level subtracted before the Anscombe transform.", DefaultValueFactory = _ => 0 };
        var addNoise = new Option<string?>("--add-noise") { Description = "For clean collections (BSD68): add Gaussian noise of this σ, or of a σ drawn in LO,HI for each copy, once (seeded) to each input image before training." };
        var noiseCopies = new Option<int>("--noise-copies") { Description = "With --add-noise LO,HI: noisy copies of each input image, each with its own σ.", DefaultValueFactory = _ => 1 };
        var scenes = new Option<int>("--scenes") { Description = $"Also train on this many synthetic fluorescence scenes ({string.Join(", ", Tacs.Host.Synthetic.Scenes.StructureKinds.Training).ToLowerInvariant()}) with camera noise over peak {TrainingScenes.LowestPeak}–{TrainingScenes.HighestPeak} photo-electrons and read noise {TrainingScenes.LowestRead}–{TrainingScenes.HighestRead} e⁻ (docs/drunet.md).", DefaultValueFactory = _ => 0 };
        var scenePeaks = new Option<string?>("--scene-peaks") { Description = $"Peak signal range of the --scenes as LO,HI photo-electrons, drawn log-uniformly (default {TrainingScenes.LowestPeak},{TrainingScenes.HighestPeak})." };
        var sceneSize = new Option<int>("--scene-size") { Description = "Side of each synthetic scene in pixels.", DefaultValueFactory = _ => 256 };
        var init = new Option<string?>("--init") { Description = "Start from these weights instead of random ones: a .drunet file, 'shipped' (the DRUNet plugin's default weights) or 'shipped:NAME'. The network size comes from them." };
        var channels = new Option<string>("--channels") { Description = "Channel widths of the four scales.", DefaultValueFactory = _ => string.Join(",", DrunetOptions.Default.Channels) };
        var blocks = new Option<int>("--blocks") { Description = "Residual blocks per scale.", DefaultValueFactory = _ => DrunetOptions.Default.BlocksPerScale };
        var patch = new Option<int>("--patch") { Description = "Patch side (multiple of 8; of 16 for n2n).", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { Description = "Patches per step.", DefaultValueFactory = _ => 8 };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps.", DefaultValueFactory = _ => 2000 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate at the start (cosine decay to lr/100).", DefaultValueFactory = _ => 1e-3 };
        var seed = new Option<int>("--seed") { Description = "Random seed (patches, noise draws, initial weights).", DefaultValueFactory = _ => 1 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints.", DefaultValueFactory = _ => 200 };
        var resume = new Option<bool>("--resume") { Description = "Continue from <output>.ckpt." };
        var minutes = new Option<double?>("--time-limit") { Description = "Stop after this many minutes (a checkpoint and the weights are written)." };
        var maxImages = new Option<int>("--max-images") { Description = "Use at most this many images/pages.", DefaultValueFactory = _ => 10000 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0: one per core).", DefaultValueFactory = _ => 0 };
        var probes = new Option<int?>("--probes") { Description = $"sure-pg only: random probes averaged in the divergence estimate, each one more forward pass per step (default {SurePoissonGaussianLoss.DefaultProbes}; 1 is 1/3 faster and a little worse; docs/drunet.md)." };
        var sceneMethod = new Option<string?>("--scene-method") { Description = "Loss for the synthetic scenes (--scenes) when they are mixed with Gaussian images (--input with --add-noise or --sigma): n2n, which the shipped weights used, needs only noise independent from pixel to pixel, not Gaussian noise (docs/drunet.md); default: --method for every image." };
        var command = new Command("drunet", "Train DRUNet weights from noisy images (self-supervised) or clean/noisy pairs (supervised).")
        {
            input, output, method, clean, noise, sigma, gain, readNoise, offset, addNoise, noiseCopies, scenes, scenePeaks, sceneSize, init, channels, blocks, patch, batch, steps, lr, seed, checkpointEvery, resume, minutes, maxImages, threads, probes, sceneMethod,
        };
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            var log = Session.CreateLogger(parse);
            var loss = TrainingLoss.Create(parse.GetValue(method)!);
            var sceneLoss = parse.GetValue(sceneMethod) is { } sceneName ? TrainingLoss.Create(sceneName) : null;
            if (parse.GetValue(probes) is { } probeCount)
            {
                if (probeCount is < 1 or > 16)
                {
                    throw new ArgumentException($"--probes must be between 1 and 16; got {probeCount}.");
                }

                if (loss is not SurePoissonGaussianLoss && sceneLoss is not SurePoissonGaussianLoss)
                {
                    throw new ArgumentException($"--probes is only for sure-pg (got --method {loss.Name}{(sceneLoss is null ? "" : $" and --scene-method {sceneLoss.Name}")}).");
                }

                loss = loss is SurePoissonGaussianLoss sure ? sure.WithProbes(probeCount) : loss;
                sceneLoss = sceneLoss is SurePoissonGaussianLoss sceneSure ? sceneSure.WithProbes(probeCount) : sceneLoss;
            }

            if (sceneLoss is not null && sceneLoss.Name != loss.Name)
            {
                if (parse.GetValue(scenes) <= 0 || parse.GetValue(input) is null || parse.GetValue(noise)!.Equals("poisson-gaussian", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException("--scene-method scores the synthetic scenes apart from Gaussian images: it needs --scenes N together with Gaussian --input images. When every image has camera noise, choose the loss with --method.");
                }

                loss = new MixedNoiseLoss(loss, sceneLoss);
            }

            var noiseName = parse.GetValue(noise)!.ToLowerInvariant();
            var spec = noiseName switch
            {
                "gaussian" => NoiseSpec.Gaussian(Positive(parse.GetValue(sigma), "--sigma")),
                "poisson-gaussian" => NoiseSpec.Mixed(NonNegative(parse.GetValue(gain), "--gain"), NonNegative(parse.GetValue(readNoise), "--read-noise"), parse.GetValue(offset)),
                _ => throw new ArgumentException($"--noise must be gaussian or poisson-gaussian, not '{noiseName}'."),
            };
            // Before any image is read: the --input images have the noise --noise names, the scenes camera noise.
            var inputGiven = parse.GetValue(input) is not null;
            var (gaussianKinds, cameraKinds) = (inputGiven && !spec.PoissonGaussian ? 1 : 0, (inputGiven && spec.PoissonGaussian) || parse.GetValue(scenes) > 0 ? 1 : 0);
            if (inputGiven && loss.CannotTrainOn(gaussianKinds, cameraKinds) is { } refusal)
            {
                throw new ArgumentException(refusal);
            }

            var added = AddedNoise.Parse(parse.GetValue(addNoise), parse.GetValue(noiseCopies));
            if (added is { } range && range.Low != range.High && parse.GetValue(sigma) is not null)
            {
                throw new ArgumentException("--sigma gives every image one noise level; with an --add-noise range each copy is told its own σ, so leave --sigma out.");
            }

            var sceneCount = parse.GetValue(scenes);
            if (sceneCount is < 0 or > 100_000 || parse.GetValue(sceneSize) is < 32 or > 4096)
            {
                throw new ArgumentException($"--scenes must be 0–100000 and --scene-size 32–4096; got {sceneCount} and {parse.GetValue(sceneSize)}.");
            }

            var peaks = TrainingScenes.ParsePeaks(parse.GetValue(scenePeaks));
            if (parse.GetValue(input) is null && sceneCount == 0)
            {
                throw new ArgumentException("Give training images with --input (a folder, stack or image), or synthetic ones with --scenes N.");
            }

            if (parse.GetValue(resume) && parse.GetValue(init) is not null)
            {
                throw new ArgumentException("--resume continues from the checkpoint; --init starts a new run from other weights. Use one of them.");
            }

            if (loss.NeedsClean != (parse.GetValue(clean) is not null))
            {
                throw new ArgumentException(loss.NeedsClean ? "Supervised training needs --clean." : "--clean is only for --method supervised.");
            }

            var options = new TrainingOptions
            {
                Patch = parse.GetValue(patch),
                Batch = parse.GetValue(batch),
                Steps = parse.GetValue(steps),
                LearningRate = parse.GetValue(lr),
                FinalLearningRate = parse.GetValue(lr) / 100,
                Seed = parse.GetValue(seed),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                CheckpointPath = Path.GetFullPath(parse.GetValue(output)!) + ".ckpt",
                TimeLimit = parse.GetValue(minutes) is { } m ? TimeSpan.FromMinutes(m) : null,
            };
            options.Validate(loss.PatchMultiple);
            TorchRuntime.SetThreads(parse.GetValue(threads));

            var limit = parse.GetValue(maxImages);
            var images = new List<TrainingImage>();
            if (parse.GetValue(input) is { } inputPath)
            {
                var frames = TrainingData.ReadFrames(inputPath, limit, log);
                var cleanFrames = parse.GetValue(clean) is { } cleanPath ? TrainingData.ReadFrames(cleanPath, limit, log) : null;
                images.AddRange(TrainingData.Prepare(frames, cleanFrames, spec, added, parse.GetValue(seed), log));
            }

            if (sceneCount > 0)
            {
                if (loss.NeedsClean)
                {
                    throw new ArgumentException("--scenes gives noisy images only; supervised training needs --clean pairs.");
                }

                images.AddRange(TrainingScenes.Draw(sceneCount, parse.GetValue(sceneSize), Tacs.Host.Synthetic.Scenes.StructureKinds.Training, parse.GetValue(seed), log, peaks));
            }

            TorchSharp.torch.random.manual_seed(parse.GetValue(seed));
            DrunetNetwork network;
            WeightsMetadata metadata;
            var startStep = 0;
            if (parse.GetValue(resume))
            {
                (network, metadata) = WeightsFile.Load(options.CheckpointPath);
                startStep = metadata.Steps;
                log.Information("Resuming {Checkpoint} at step {Step}", options.CheckpointPath, startStep);
                if (!File.Exists(options.OptimizerStatePath))
                {
                    log.Warning(
                        "No optimiser state {State} beside the checkpoint: resuming with fresh Adam moments, so the result will differ a little from an uninterrupted run.",
                        options.OptimizerStatePath);
                }
            }
            else if (parse.GetValue(init) is { } start)
            {
                (network, var before, var source) = InitialWeights.Load(start, InitialWeights.PluginsFolder(parse));
                log.Information("Starting from {Source}: {Method} on {Data}, {Steps} steps; trained by: {Command}", source, before.Method, before.Data, before.Steps, before.Command);
                metadata = WeightsMetadata.StartingFrom(source, before);
            }
            else
            {
                network = new DrunetNetwork(new DrunetOptions(DrunetOptions.ParseChannels(parse.GetValue(channels)!), parse.GetValue(blocks)));
                metadata = new WeightsMetadata();
            }

            using (network)
            {
                var command = "tacs " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1).Select(Quote));
                if (metadata.Command.Length > 0 && metadata.Command != command)
                {
                    // A resume: the command that began this run stays on record beside the one that finishes it.
                    metadata.EarlierCommands = [.. metadata.EarlierCommands, metadata.Command];
                }

                metadata.Command = command;
                var fromInput = images.Count - sceneCount;
                metadata.Data = string.Join(" + ", new[]
                {
                    parse.GetValue(input) is { } named ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(named))) + $" ({fromInput} image(s){(added is { } a ? $", Gaussian σ {a.Low:G4}–{a.High:G4} added" : "")})" : null,
                    sceneCount > 0 ? $"{sceneCount} synthetic fluorescence scenes ({parse.GetValue(sceneSize)}², camera noise, peak {peaks.Low:G4}–{peaks.High:G4} photo-electrons)" : null,
                }.Where(t => t is not null));
                var kinds = images.Select(i => i.Photons is not null).Distinct().Count();
                metadata.NoiseModel = kinds > 1 ? "mixed" : images[0].Photons is not null || spec.PoissonGaussian ? "poisson-gaussian" : "gaussian";
                metadata.TrainingSigma = images.Average(i => i.Sigma);
                metadata.Machine = TrainingMachine.Describe();
                log.Information("Machine: {Machine}", metadata.Machine);
                log.Information("DRUNet {Size}, {Parameters:N0} parameters; method {Method}; {Images} image(s); patch {Patch}, batch {Batch}, {Steps} steps, lr {Lr}, seed {Seed}, {Threads} thread(s)",
                    network.Options, network.ParameterCount, loss.Name, images.Count, options.Patch, options.Batch, options.Steps, options.LearningRate, options.Seed, TorchSharp.torch.get_num_threads());
                var trainer = new DrunetTrainer(network, loss, options)
                {
                    Metadata = metadata,
                    KernelFallback = choice =>
                    {
                        log.Warning("{Note}. Training goes on.", choice.Note);
                        metadata.Machine = TrainingMachine.Describe();
                    },
                };
                var (done, final) = trainer.Run(images, startStep, new LogProgress(log), cancellation);
                WeightsFile.Save(Path.GetFullPath(parse.GetValue(output)!), network, metadata);
                log.Information("Wrote {Output}: {Steps} steps, final loss {Loss:E4}, {Minutes:F1} min of training", parse.GetValue(output), done, final, metadata.TrainingSeconds / 60);
                if (done < options.Steps)
                {
                    log.Warning(
                        "Stopped at step {Step} of {Total} ({Reason}): the weights are usable but the learning-rate schedule is unfinished. To finish, run the same command again with --resume.",
                        done, options.Steps, cancellation.IsCancellationRequested ? "stopped by the user" : "time limit reached");
                    return cancellation.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success;
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static double? Positive(double? value, string name) =>
        value is null || value > 0 ? value : throw new ArgumentException($"{name} must be positive; got {value}.");

    private static double? NonNegative(double? value, string name) =>
        value is null || value >= 0 ? value : throw new ArgumentException($"{name} must be ≥ 0; got {value}.");

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;

    // Reports on the training thread itself, so lines come out in order (Progress<T> would post to the pool).
    private sealed class LogProgress(Serilog.ILogger log) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p) => log.Information(
            "step {Step}/{Total} loss {Loss:E4} lr {Rate:E2} {Speed:F2} steps/s {Elapsed}{Checkpoint}",
            p.Step, p.TotalSteps, p.Loss, p.LearningRate, p.StepsPerSecond, p.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), p.Checkpointed ? " (checkpoint)" : "");
    }
}
