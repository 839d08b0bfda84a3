using System.Diagnostics;
using OpenCvSharp;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using Tacs.Torch.Training;
using Tacs.Torch.Weights;
using static Tacs.Bench.DrunetBenchmark;

namespace Tacs.Bench;

/// <summary>Quality parts of the DRUNet benchmark.</summary>
internal static class DrunetQuality
{
    /// <summary>Set12 at σ=25 (0–255 scale, noise drawn once with seed 0, no clipping) with the given weights.</summary>
    public static void Set12(string weightsPath, int count, double mapSigma = 25)
    {
        var (network, metadata) = WeightsFile.Load(weightsPath);
        using (network)
        {
            var denoiser = new FrameDenoiser(network, TilingOptions.Default);
            var ensemble = new FrameDenoiser(network, TilingOptions.Default, selfEnsemble: true);
            double ensembleTotal = 0;
            var files = ImageFiles.InFolder(Repo.SharedData("set12")).Take(count).ToList();
            var random = new Random(0);
            double noisyTotal = 0, total = 0;
            var watch = Stopwatch.StartNew();
            var rows = new List<string>();
            foreach (var file in files)
            {
                using var source = ImageFiles.Open(file);
                var clean = source.ReadPage(0);
                var noisy = clean.Pixels.Select(v => (float)(v + (25 * NoiseModel.Gaussian(random)))).ToArray();
                var (result, _) = denoiser.Denoise(noisy, clean.Width, clean.Height, SampleFormat.Float32, NoiseSpec.Gaussian(mapSigma));
                var psnrNoisy = ImageQuality.Psnr(clean.Pixels, noisy, 255);
                var psnr = ImageQuality.Psnr(clean.Pixels, result, 255);
                var psnrEnsemble = ImageQuality.Psnr(clean.Pixels, ensemble.Denoise(noisy, clean.Width, clean.Height, SampleFormat.Float32, NoiseSpec.Gaussian(mapSigma)).Pixels, 255);
                noisyTotal += psnrNoisy;
                total += psnr;
                ensembleTotal += psnrEnsemble;
                rows.Add($"| {Path.GetFileNameWithoutExtension(file)} | {F(psnrNoisy)} | {F(psnr)} | {F(psnrEnsemble)} |");
            }

            Console.WriteLine($"## Set12, Gaussian σ=25, weights {Path.GetFileName(weightsPath)}");
            Console.WriteLine($"Weights: {metadata.Method} on {metadata.Data}, {metadata.Steps} steps, {F(metadata.TrainingSeconds / 60, "F1")} min of training, {metadata.ParameterCount:N0} parameters ({string.Join(",", metadata.Channels)}; nb={metadata.BlocksPerScale})");
            Console.WriteLine($"Command: {metadata.Command}");
            Console.WriteLine();
            Console.WriteLine("| image | noisy PSNR | DRUNet PSNR | DRUNet x8 self-ensemble PSNR |");
            Console.WriteLine("|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine();
            Console.WriteLine("| method | Set12 σ=25 PSNR (dB) |");
            Console.WriteLine("|---|---|");
            Console.WriteLine($"| noisy input | {F(noisyTotal / files.Count)} |");
            Console.WriteLine("| BM3D (published) | 29.97 |");
            Console.WriteLine("| DnCNN (published, supervised) | 30.44 |");
            Console.WriteLine($"| DRUNet {string.Join(",", metadata.Channels)} nb={metadata.BlocksPerScale}, self-supervised ({metadata.Method}, this repository) | {F(total / files.Count)} |");
            Console.WriteLine($"| same, x8 self-ensemble (ensemble=x8) | {F(ensembleTotal / files.Count)} |");
            Console.WriteLine();
            Console.WriteLine($"Inference: {F(watch.Elapsed.TotalSeconds / files.Count / 9)} s per image and pass on average (one plain pass and eight ensemble passes per image).");
            Console.WriteLine();
        }
    }

    /// <summary>
    /// Synthetic fluorescence with known clean images at two Poisson–Gaussian levels: the same DRUNet trained
    /// self-supervised (through the Anscombe transform; sure-pg scores in photo-electrons) and supervised for the same number of steps, next to
    /// other denoisers given as chains (--compare "a;b": each entry is one chain run through the host; {gain}, {read}
    /// and {offset} are replaced by the level's true noise parameters, which DRUNet is given too).
    /// </summary>
    public static void Fluorescence(BenchArgs options)
    {
        var steps = options.Int("fluo-steps", 300);
        var methods = options.String("fluo-method", "sure").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (methods.Length == 0 || methods.Any(m => !TrainingLoss.Names.Contains(m) || m == "supervised"))
        {
            throw new ArgumentException($"--fluo-method takes one or more of n2n, r2r, sure, sure-pg (comma-separated; supervised always runs); got '{string.Join(",", methods)}'.");
        }

        var size = new DrunetOptions(DrunetOptions.Default.Channels, options.Int("fluo-blocks", DrunetOptions.Default.BlocksPerScale));
        var compare = options.String("compare", "gaussian(sigma=1);bm3d(noise=poisson-gaussian, gain={gain}, read_noise={read}, offset={offset})").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var trainImages = options.Int("fluo-train-images", 10);
        // Seeds the network's initial weights, the patches and the probes; the images stay the same (their own seeds).
        // Several (comma-separated) train every network once per seed and add a mean row.
        var seeds = options.String("fluo-seed", "1").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--fluo-seed takes integers, comma-separated; got '{v}'."))
            .ToList();
        if (seeds.Count == 0)
        {
            throw new ArgumentException("--fluo-seed needs at least one integer.");
        }
        // Diagnostic: noise that is exactly unit Gaussian after the Anscombe transform (drawn there and mapped back), so
        // the Gaussian losses' noise model holds exactly; compares with real Poisson–Gaussian noise of the same level.
        var gaussianised = options.String("fluo-noise", "poisson-gaussian") switch
        {
            "poisson-gaussian" => false,
            "anscombe-gaussian" => true,
            var other => throw new ArgumentException($"--fluo-noise takes poisson-gaussian (default) or anscombe-gaussian; got '{other}'."),
        };
        var wanted = options.String("fluo-levels", "low,bright").Split(',', StringSplitOptions.TrimEntries);
        (string Key, string Name, NoiseModel Noise)[] all = [("low", "low light: gain 8, read 40", new NoiseModel(8, 40, 100)), ("bright", "bright: gain 2, read 10", new NoiseModel(2, 10, 100))];
        var levels = all.Where(l => wanted.Contains(l.Key)).Select(l => (l.Name, l.Noise)).ToList();
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        if (options.Flag("sure-pg-clean-weight"))
        {
            Console.WriteLine("Diagnostic --sure-pg-clean-weight: sure-pg takes each pixel's variance from the clean image, so its column is NOT self-supervised; it bounds what a better variance estimate could gain.");
        }

        Console.WriteLine($"## Synthetic fluorescence (FluorescenceScene, peak 1200 + offset 100, {(gaussianised ? "noise unit-Gaussian in the Anscombe domain, " : "")}{trainImages} training + 4 test images of 256²), {steps} steps per network, {size}, patch 64, batch 8, training seed{(seeds.Count > 1 ? "s" : "")} {string.Join(", ", seeds)}");
        Console.WriteLine();
        Console.WriteLine($"| noise | noisy | {string.Concat(compare.Select(c => c + " | "))}{string.Join(" | ", methods.Select(m => $"DRUNet self-supervised ({m}, {(m == "sure-pg" ? "photo-electrons" : "Anscombe")})"))} | same ({methods[0]}), x8 self-ensemble | DRUNet supervised | gap, best self-supervised (dB) | train time {string.Join(" / ", methods)} / supervised (s) |");
        Console.WriteLine($"|---|---|{string.Concat(compare.Select(_ => "---|"))}{string.Concat(methods.Select(_ => "---|"))}---|---|---|---|");
        var sureTau = options.Double("sure-tau", -1);
        var secondOrder = options.Int("sure-pg-order", 1) == 2;
        var varianceWindow = options.Int("sure-pg-window", SurePoissonGaussianLoss.DefaultWindow);
        var cleanWeight = options.Flag("sure-pg-clean-weight");
        var probes = options.Int("sure-pg-probes", secondOrder ? 1 : SurePoissonGaussianLoss.DefaultProbes);
        var noisyPairs = options.Flag("fluo-noisy-pairs");
        if (noisyPairs && gaussianised)
        {
            throw new ArgumentException("--fluo-noisy-pairs draws its second captures as Poisson–Gaussian noise; leave out --fluo-noise anscombe-gaussian.");
        }

        var auditLines = new List<string>();
        var pairLines = new List<string>();
        foreach (var (name, noise) in levels)
        {
            // Test images come from their own seed, so they stay the same whatever the number of training images.
            var random = new Random(17);
            var train = Enumerable.Range(0, trainImages).Select(_ => Pair(noise, random, gaussianised)).ToList();
            var testRandom = new Random(1017);
            var test = Enumerable.Range(0, 4).Select(_ => Pair(noise, testRandom, gaussianised)).ToList();
            var spec = NoiseSpec.Mixed(noise.Gain, noise.ReadNoise, noise.Offset);
            var noisyPsnr = F(test.Average(p => Psnr(p, p.Noisy)));
            var others = string.Concat(compare.Select(chain => ChainPsnr(WithNoise(chain, noise), catalog, test) + " | "));
            var runs = new List<(double[] Self, double Ensemble, double Supervised)>();
            var audit = new List<string>();
            foreach (var seed in seeds)
            {
                var psnrs = new List<double>();
                var seconds = new List<double>();
                var firstEnsemble = double.NaN;
                foreach (var loss in methods.Select(m => Loss(m, sureTau, secondOrder, varianceWindow, cleanWeight, probes)).Append(new SupervisedLoss()))
                {
                    var (network, time) = TrainOn(train, spec, loss, steps, size, supervised: loss.NeedsClean, seed);
                    using (network)
                    {
                        psnrs.Add(test.Average(p => Psnr(p, new FrameDenoiser(network, TilingOptions.Default).Denoise(p.Noisy, 256, 256, SampleFormat.Float32, spec).Pixels)));
                        seconds.Add(time);
                        if (options.Flag("fluo-audit"))
                        {
                            audit.Add(Audit(network, seeds.Count > 1 ? $"{loss.Name} (seed {seed})" : loss.Name, test, spec, noise, psnrs[^1]));
                        }

                        if (double.IsNaN(firstEnsemble))
                        {
                            firstEnsemble = test.Average(p => Psnr(p, new FrameDenoiser(network, TilingOptions.Default, selfEnsemble: true).Denoise(p.Noisy, 256, 256, SampleFormat.Float32, spec).Pixels));
                        }
                    }
                }

                var self = psnrs.Take(methods.Length).ToArray();
                runs.Add((self, firstEnsemble, psnrs[^1]));
                if (noisyPairs)
                {
                    // Diagnostic: the supervised loss with a second, independent noisy capture of each training scene as
                    // its target (Noise2Noise with pairs). Its target noise is as large as a self-supervised loss's, but
                    // it needs no divergence or neighbour trick, so it shows what noisy targets alone cost.
                    var (paired, time) = TrainOn(SecondCaptures(train, noise), spec, new SupervisedLoss(), steps, size, supervised: true, seed);
                    using (paired)
                    {
                        var psnr = test.Average(p => Psnr(p, new FrameDenoiser(paired, TilingOptions.Default).Denoise(p.Noisy, 256, 256, SampleFormat.Float32, spec).Pixels));
                        pairLines.Add($"| {name}, seed {seed} | {F(psnr)} | {F(self.Max())} | {F(psnrs[^1])} | {F(psnrs[^1] - psnr)} | {time:F0} |");
                    }
                }

                var label = seeds.Count > 1 ? $"{name}, seed {seed}" : name;
                Console.WriteLine($"| {label} | {noisyPsnr} | {others}{string.Join(" | ", self.Select(v => F(v)))} | {F(firstEnsemble)} | {F(psnrs[^1])} | {F(psnrs[^1] - self.Max())} | {string.Join(" / ", seconds.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} |");
            }

            if (runs.Count > 1)
            {
                // Supervised and self-supervised results both move by tenths of a dB with the training seed, so the
                // gap is reported as the mean over seeds with its standard deviation.
                var gaps = runs.Select(r => r.Supervised - r.Self.Max()).ToList();
                var spread = Math.Sqrt(gaps.Sum(g => Math.Pow(g - gaps.Average(), 2)) / (gaps.Count - 1));
                var selfMeans = Enumerable.Range(0, methods.Length).Select(m => F(runs.Average(r => r.Self[m])));
                Console.WriteLine($"| **{name}, mean of {runs.Count} seeds** | {noisyPsnr} | {others}{string.Join(" | ", selfMeans)} | {F(runs.Average(r => r.Ensemble))} | {F(runs.Average(r => r.Supervised))} | **{F(gaps.Average())}** ± {F(spread)} (sd) | |");
            }

            if (audit.Count > 0)
            {
                // SURE's expectation is over the noise; on one set of test images its estimate moves with the noise energy
                // actually drawn, by the same amount for every network. This shows how far that energy is from the model's.
                var drawn = test.Average(p => NoiseEnergy(p, noise).Drawn);
                var expected = test.Average(p => NoiseEnergy(p, noise).Expected);
                auditLines.Add($"| {name}: noise drawn in the test images {F(drawn)} e⁻² per pixel, the model's expectation {F(expected)} ({F((drawn / expected - 1) * 100, "+0.00;-0.00")}%) | | | | | | | |");
                auditLines.AddRange(audit);
            }
        }

        if (pairLines.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Noisy pairs (--fluo-noisy-pairs, diagnostic, not self-supervised from single images): the same network trained with the supervised loss against a second, independent noisy capture of each training scene (Noise2Noise), same steps and seed.");
            Console.WriteLine();
            Console.WriteLine("| noise | trained on noisy pairs | best self-supervised | supervised | gap, noisy pairs (dB) | train time, noisy pairs (s) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            pairLines.ForEach(Console.WriteLine);
        }

        if (auditLines.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Audit (--fluo-audit): each trained network's PSNR on the test images next to the PSNR that SURE-PG predicts from the noisy images alone (16 probes), first and second order, with each pixel's variance taken from its neighbours or (diagnostic) from the clean image, and last with the noise energy actually drawn in place of its expectation. An unbiased estimate ranks the networks as the true PSNR does; its level moves with the noise drawn, alike for every network.");
            Console.WriteLine();
            Console.WriteLine("| network | true PSNR | SURE-PG, 1st order | SURE-PG, 2nd order | variance from 3×3 neighbours | from 5×5 neighbours | from the clean image | clean image, 2nd order, noise energy as drawn |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            auditLines.ForEach(Console.WriteLine);
        }

        Console.WriteLine();
        Console.WriteLine("PSNR in dB against the clean image, peak 1200, averaged over the 4 test images. 'n/a' = the chain could not be built (the reason is printed above the table; e.g. plugin not in artifacts/tacs/plugins).");
        Console.WriteLine();
    }

    /// <summary>
    /// The real Hagen confocal image: before/after pictures and residual noise, with and without pixel-shuffle
    /// (its noise correlates along rows). No clean reference exists, so faithfulness is judged by whether the removed
    /// signal (input − output) looks like the input's noise: the same neighbour correlations along rows and columns.
    /// </summary>
    public static void Hagen(string weightsPath)
    {
        var (network, metadata) = WeightsFile.Load(weightsPath);
        using (network)
        {
            using var source = ImageFiles.Open(Repo.SharedData("hagen/hagen_0.tif"));
            var frame = source.ReadPage(0);
            var (width, height) = (frame.Width, frame.Height);
            var (gain, read, offset) = NoiseEstimator.PoissonGaussian(frame.Pixels, width, height);
            var noise = NoiseCorrelation.Neighbours(frame.Pixels, width, height);
            Console.WriteLine($"## Hagen confocal image (1024×1024 uint16, no clean reference), weights {Path.GetFileName(weightsPath)} ({metadata.Method}), noise=poisson-gaussian");
            Console.WriteLine();
            Console.WriteLine($"Estimated noise of the input: gain {F(gain)}, read noise {F(read)}, offset {F(offset)}. Neighbour correlation of its detail (input minus its 5×5 mean), along rows / columns: {F(noise.Row, "F3")} / {F(noise.Column, "F3")} (white noise gives {F(NoiseCorrelation.White, "F3")} both ways).");
            Console.WriteLine();
            Console.WriteLine("| variant | white-noise σ estimate (diagonal Haar MAD) before → after | std of removed signal | removed signal's neighbour correlation (same measure), rows / columns | time | picture |");
            Console.WriteLine("|---|---|---|---|---|---|");
            var sigmaBefore = NoiseEstimator.GaussianSigma(frame.Pixels, width, height);
            var flat = NoiseCorrelation.InFlatBlocks(frame.Pixels, width, height);
            var autoShuffles = NoiseCorrelation.SharedAlongOneDirection(flat);
            foreach (var (shuffle, file) in new[] { (false, "drunet-hagen.png"), (true, "drunet-hagen-subsample.png") })
            {
                var name = $"drunet(noise=poisson-gaussian, subsample={(shuffle ? "2" : "off")})" + (shuffle == autoShuffles ? ", what the default subsample=auto does here" : "");
                var watch = Stopwatch.StartNew();
                var (result, _) = new FrameDenoiser(network, TilingOptions.Default, pixelShuffle: shuffle).Denoise(frame.Pixels, width, height, frame.SourceFormat, NoiseSpec.Mixed());
                var seconds = watch.Elapsed.TotalSeconds;
                var sigmaAfter = NoiseEstimator.GaussianSigma(result, width, height);
                var removed = frame.Pixels.Zip(result, (a, b) => a - b).ToArray();
                var removedStd = Math.Sqrt(removed.Select(v => (double)v * v).Average() - Math.Pow(removed.Average(), 2));
                var correlation = NoiseCorrelation.Neighbours(removed, width, height);
                var picture = Path.Combine(Repo.Root, "artifacts", "bench", file);
                SavePicture(frame.Pixels, result, width, height, picture);
                Console.WriteLine($"| {name} | {F(sigmaBefore)} → {F(sigmaAfter)} | {F(removedStd)} | {F(correlation.Row, "F3")} / {F(correlation.Column, "F3")} | {F(seconds)} s | {picture} |");
            }

            Console.WriteLine();
            Console.WriteLine($"subsample=auto measures the noise in the flattest quarter of 8×8 blocks (NoiseCorrelation.InFlatBlocks): neighbour correlation {F(flat.Row, "F2")} along rows, {F(flat.Column, "F2")} along columns, so it chooses {(autoShuffles ? "2" : "off")} (2 when the two differ by 0.25 or more).");
            Console.WriteLine();
            Console.WriteLine("Pictures: left input, right output, 384×384 crop at (320, 320), same contrast stretch.");
            Console.WriteLine();
        }
    }

    /// <summary>SURE-PG's prediction of a trained network's PSNR on the test images, from their noisy versions alone.</summary>
    private static string Audit(DrunetNetwork network, string method, List<(float[] Clean, float[] Noisy)> test, NoiseSpec spec, NoiseModel noise, double truePsnr)
    {
        // drawnNoise: the −Σv term takes the noise energy actually drawn, Σ(y − x)², in place of its expectation; with
        // the clean weight and the second-order term that leaves only the estimator's Monte-Carlo and Taylor errors.
        double Predicted(SurePoissonGaussianLoss loss, bool drawnNoise = false)
        {
            var mse = 0.0;
            TorchSharp.torch.random.manual_seed(3);
            foreach (var pair in test)
            {
                var prepared = PreparedImage.From(pair.Noisy, 256, 256, SampleFormat.Float32, spec);
                var photons = prepared.Photons!;
                var row = new float[PhotonScale.Width];
                photons.WriteTo(row);
                using var scope = TorchSharp.torch.NewDisposeScope();
                using var noGrad = TorchSharp.torch.no_grad();
                var batch = new TrainingBatch(
                    TorchSharp.torch.tensor(prepared.Values, [1, 1, 256, 256]),
                    TorchSharp.torch.tensor(new[] { (float)prepared.Sigma }),
                    TorchSharp.torch.tensor(prepared.Reference(pair.Clean), [1, 1, 256, 256]),
                    TorchSharp.torch.tensor(row, [1, PhotonScale.Width]));
                var risk = Enumerable.Range(0, 16).Average(_ => (double)loss.Compute(network, batch).item<float>());
                var energy = NoiseEnergy(pair, noise);
                var excess = drawnNoise ? energy.Drawn - energy.Expected : 0;
                mse += ((risk * photons.Top * photons.Top) - excess) * noise.Gain * noise.Gain / test.Count;
            }

            return 10 * Math.Log10(1200.0 * 1200 / mse);
        }

        network.eval();
        return $"| {method} | {F(truePsnr)} | {F(Predicted(new(VarianceWindow: 0)))} | {F(Predicted(new(SecondOrder: true, VarianceWindow: 0)))} | {F(Predicted(new(VarianceWindow: 3)))} | {F(Predicted(new(VarianceWindow: 5)))} | {F(Predicted(new(CleanWeight: true)))} | {F(Predicted(new(SecondOrder: true, CleanWeight: true), drawnNoise: true))} |";
    }

    /// <summary>Mean noise energy per pixel in photo-electrons²: drawn, (y − x)², and the model's expectation, x + s².</summary>
    private static (double Drawn, double Expected) NoiseEnergy((float[] Clean, float[] Noisy) pair, NoiseModel noise)
    {
        var readVariance = Math.Pow(noise.ReadNoise / noise.Gain, 2);
        return (pair.Noisy.Zip(pair.Clean, (y, x) => Math.Pow((y - x) / noise.Gain, 2)).Average(),
            pair.Clean.Average(x => ((x - noise.Offset) / noise.Gain) + readVariance));
    }

    private static TrainingLoss Loss(string method, double sureTau, bool secondOrder, int varianceWindow, bool cleanWeight, int probes) => method switch
    {
        "sure" when sureTau >= 0 => new SureGaussianLoss(sureTau),
        "sure-pg" => new SurePoissonGaussianLoss(sureTau >= 0 ? sureTau : 0.001, secondOrder, varianceWindow, cleanWeight, probes),
        _ => TrainingLoss.Create(method),
    };

    private static (float[] Clean, float[] Noisy) Pair(NoiseModel noise, Random random, bool gaussianised)
    {
        // The camera baseline is added after the shot noise (it carries none); the reference is the noisy image's
        // expected value, scene + baseline.
        var scene = FluorescenceScene.Draw(256, 256, 1200, random);
        var noisy = new float[scene.Length];
        noise.Apply(scene, noisy, random);
        var clean = scene.Select(v => v + (float)noise.Offset).ToArray();
        if (gaussianised)
        {
            // Same draws consumed above, then replaced: Anscombe(clean) + N(0, 1), mapped back by the algebraic inverse.
            var anscombe = new AnscombeTransform(noise.Gain, noise.ReadNoise, noise.Offset);
            var readInCounts = noise.ReadNoise / noise.Gain;
            for (var i = 0; i < noisy.Length; i++)
            {
                var d = anscombe.Forward(clean[i]) + NoiseModel.Gaussian(random);
                noisy[i] = (float)((noise.Gain * ((d * d / 4) - 0.375 - (readInCounts * readInCounts))) + noise.Offset);
            }
        }

        return (clean, noisy);
    }

    /// <summary>Each training image's clean version replaced by a second noisy capture of the same scene (own random stream).</summary>
    private static List<(float[] Clean, float[] Noisy)> SecondCaptures(List<(float[] Clean, float[] Noisy)> train, NoiseModel noise)
    {
        var random = new Random(2017);
        return train.Select(pair =>
        {
            var scene = pair.Clean.Select(v => v - (float)noise.Offset).ToArray();
            var second = new float[scene.Length];
            noise.Apply(scene, second, random);
            return (second, pair.Noisy);
        }).ToList();
    }

    private static (DrunetNetwork Network, double Seconds) TrainOn(List<(float[] Clean, float[] Noisy)> pairs, NoiseSpec spec, TrainingLoss loss, int steps, DrunetOptions size, bool supervised, int seed)
    {
        var images = pairs.Select(p =>
        {
            var prepared = PreparedImage.From(p.Noisy, 256, 256, SampleFormat.Float32, spec);
            var clean = supervised ? prepared.Reference(p.Clean) : null;
            return new TrainingImage(prepared.Values, 256, 256, prepared.Sigma, clean, prepared.Photons);
        }).ToList();
        TorchSharp.torch.random.manual_seed(seed);
        var network = new DrunetNetwork(size);
        var watch = Stopwatch.StartNew();
        new DrunetTrainer(network, loss, new TrainingOptions { Patch = 64, Batch = 8, Steps = steps, Seed = seed }).Run(images);
        return (network, watch.Elapsed.TotalSeconds);
    }

    private static string ChainPsnr(string text, PluginCatalog catalog, List<(float[] Clean, float[] Noisy)> test)
    {
        Chain chain;
        try
        {
            chain = ChainBuilder.Build(text, catalog, Log.Logger);
        }
        catch (ChainException e)
        {
            Console.Error.WriteLine($"Chain '{text}' not run: {e.Message}");
            return "n/a";
        }

        return F(test.Average(p => Psnr(p, chain.Process(new ImageFrame(256, 256, (float[])p.Noisy.Clone(), SampleFormat.UInt16)).Pixels)));
    }

    /// <summary>Fills {gain}, {read} and {offset} in a chain with the level's true noise parameters, as DRUNet is given them.</summary>
    private static string WithNoise(string chain, NoiseModel noise) => chain
        .Replace("{gain}", F(noise.Gain, "G6"), StringComparison.Ordinal)
        .Replace("{read}", F(noise.ReadNoise, "G6"), StringComparison.Ordinal)
        .Replace("{offset}", F(noise.Offset, "G6"), StringComparison.Ordinal);

    private static double Psnr((float[] Clean, float[] Noisy) pair, float[] result) => ImageQuality.Psnr(pair.Clean, result, 1200);

    private static void SavePicture(float[] before, float[] after, int width, int height, string path)
    {
        const int crop = 384, x0 = 320, y0 = 320;
        var sorted = before.OrderBy(v => v).ToArray();
        var low = sorted[(int)(0.005 * sorted.Length)];
        var high = sorted[(int)(0.998 * sorted.Length)];
        using var picture = new Mat(crop, (2 * crop) + 8, MatType.CV_8UC1, Scalar.All(255));
        for (var y = 0; y < crop; y++)
        {
            for (var x = 0; x < crop; x++)
            {
                var i = ((y0 + y) * width) + x0 + x;
                picture.Set(y, x, Stretch(before[i]));
                picture.Set(y, crop + 8 + x, Stretch(after[i]));
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Cv2.ImWrite(path, picture);

        byte Stretch(float v) => (byte)Math.Clamp((v - low) / (high - low) * 255, 0, 255);
    }
}
