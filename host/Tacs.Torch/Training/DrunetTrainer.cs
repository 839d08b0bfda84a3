using System.Diagnostics;
using Tacs.Torch.Model;
using Tacs.Torch.Noise;
using Tacs.Torch.Platform;
using Tacs.Torch.Weights;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>
/// Trains a DRUNet on random patches with Adam and a cosine learning-rate schedule, writing checkpoints
/// (weights file plus optimiser state) that a later run resumes from.
/// </summary>
public sealed class DrunetTrainer
{
    private readonly DrunetNetwork _network;
    private readonly TrainingLoss _loss;
    private readonly TrainingOptions _options;

    /// <summary>Prepares training of <paramref name="network"/> with <paramref name="loss"/>.</summary>
    /// <exception cref="ArgumentException">Settings out of range.</exception>
    public DrunetTrainer(DrunetNetwork network, TrainingLoss loss, TrainingOptions options)
    {
        options.Validate(loss.PatchMultiple);
        _network = network;
        _loss = loss;
        _options = options;
    }

    /// <summary>Metadata written into checkpoints and the final weights (command, data, noise model).</summary>
    public WeightsMetadata Metadata { get; init; } = new();

    /// <summary>How often progress is reported, in steps.</summary>
    public int ReportEvery { get; init; } = 20;

    /// <summary>Runs training from <paramref name="startStep"/> (0, or the step of a checkpoint being resumed).</summary>
    /// <param name="images">Training images; every one at least one patch in size.</param>
    /// <param name="startStep">First step (a resumed checkpoint's <see cref="WeightsMetadata.Steps"/>).</param>
    /// <param name="progress">Receives progress every <see cref="ReportEvery"/> steps.</param>
    /// <param name="cancellation">Stops training after the current step, with a checkpoint.</param>
    /// <returns>Steps done in total and the mean loss over the last report interval.</returns>
    /// <exception cref="ArgumentException">Too few or too small images, or clean images missing for supervised training.</exception>
    public (int Steps, double Loss) Run(IReadOnlyList<TrainingImage> images, int startStep = 0, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckImages(images);
        var patch = _options.Patch;
        var batch = _options.Batch;

        using var optimizer = new AdamOptimizer(_network.parameters(), _options.LearningRate);
        var optimizerState = _options.OptimizerStatePath;
        if (startStep > 0 && optimizerState is not null && File.Exists(optimizerState))
        {
            optimizer.Load(optimizerState);
        }

        var noisy = new float[batch * patch * patch];
        var clean = _loss.NeedsClean ? new float[noisy.Length] : null;
        var sigma = new float[batch];
        var photons = _loss.NeedsPhotons ? new float[PhotonScale.Width * batch] : null;
        var watch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        double lossSum = 0, lastLoss = double.NaN;
        var lossCount = 0;
        var secondsBefore = Metadata.TrainingSeconds;
        var step = startStep;
        _network.train();
        while (step < _options.Steps && !cancellation.IsCancellationRequested && !(watch.Elapsed > _options.TimeLimit))
        {
            var rate = LearningRateAt(step);
            optimizer.LearningRate = rate;

            // Every step is seeded from (seed, step), so a resumed run draws exactly what an uninterrupted one would.
            var stepSeed = (_options.Seed * 1_000_003) + step;
            random.manual_seed(stepSeed);
            new PatchSampler(images, patch, new Random(stepSeed)).Fill(noisy, clean, sigma, photons);
            var (value, problem) = Gradients(optimizer, noisy, clean, sigma, photons);
            var kernelsRuledOut = false;
            if (problem is not null && NativeSwitches.IsOneDnnEnabled())
            {
                // The same step (same seed, same draws) on libtorch's own kernels tells a kernel fault from a divergence.
                random.manual_seed(stepSeed);
                NativeSwitches.SetOneDnnEnabled(false);
                var (again, stillBad) = Gradients(optimizer, noisy, clean, sigma, photons);
                if (stillBad is null)
                {
                    var choice = KernelGuard.SwitchOffAfterFailure($"{problem} at training step {step + 1}");
                    KernelFallback?.Invoke(choice);
                    (value, problem) = (again, null);
                }
                else
                {
                    NativeSwitches.SetOneDnnEnabled(true);
                    kernelsRuledOut = true;
                }
            }

            if (problem is not null)
            {
                throw Diverged(step + 1, problem, kernelsRuledOut || !NativeSwitches.IsOneDnnEnabled());
            }

            optimizer.Step();
            lossSum += value;
            lossCount++;

            step++;
            var checkpoint = _options.CheckpointPath is not null && _options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0;
            var report = step % ReportEvery == 0 || step == _options.Steps || checkpoint;
            if (report && _loss.Implausible(lossSum / lossCount) is { } implausible)
            {
                // Before the checkpoint, so that the last one written predates the steps that gave this mean.
                throw Implausible(step, implausible);
            }

            if (checkpoint)
            {
                Save(_options.CheckpointPath!, optimizer, step, lossSum / lossCount, secondsBefore + watch.Elapsed.TotalSeconds);
            }

            if (report)
            {
                lastLoss = lossSum / lossCount;
                var now = watch.Elapsed;
                progress?.Report(new TrainingProgress(step, _options.Steps, lastLoss, rate, lossCount / Math.Max(1e-9, (now - lastReport).TotalSeconds), now, checkpoint));
                lastReport = now;
                lossSum = 0;
                lossCount = 0;
            }
        }

        if (lossCount > 0)
        {
            lastLoss = lossSum / lossCount;
        }

        Metadata.TrainingSeconds = secondsBefore + watch.Elapsed.TotalSeconds;
        if (_options.CheckpointPath is not null)
        {
            Save(_options.CheckpointPath, optimizer, step, lastLoss, Metadata.TrainingSeconds);
        }

        Metadata.Steps = step;
        Metadata.FinalLoss = lastLoss;
        _network.eval();
        return (step, lastLoss);
    }

    /// <summary>Called when oneDNN gave a non-finite training value that libtorch's own kernels did not, and was switched off.</summary>
    public Action<KernelChoice>? KernelFallback { get; init; }

    // Forward, loss and backward of one step; the gradients are left for the update. Returns the loss, or what was not
    // finite: checked before the update, so that no weight (and no checkpoint) ever holds a NaN.
    private (double Value, string? Problem) Gradients(AdamOptimizer optimizer, float[] noisy, float[]? clean, float[] sigma, float[]? photons)
    {
        var (batch, patch) = (_options.Batch, _options.Patch);
        using var scope = NewDisposeScope();
        var noisyTensor = tensor(noisy, [batch, 1, patch, patch]);
        var cleanTensor = clean is null ? null : tensor(clean, [batch, 1, patch, patch]);
        optimizer.ZeroGrad();
        var photonTensor = photons is null ? null : tensor(photons, [batch, PhotonScale.Width]);
        var loss = _loss.Compute(_network, new TrainingBatch(noisyTensor, tensor(sigma), cleanTensor, photonTensor));
        var value = loss.item<float>();
        if (FiniteCheck.Loss(value, _loss.LastTerms) is { } badLoss)
        {
            return (value, badLoss);
        }

        loss.backward();
        return FiniteCheck.Gradients(_network) is { } badGradient ? (value, $"{badGradient} (loss {value:G4})") : (value, null);
    }

    // A loss that cannot be honest: say so, and what is intact.
    private TrainingDivergedException Implausible(int step, string why)
    {
        var checkpoint = _options.CheckpointPath is { } path && File.Exists(path)
            ? $"The last checkpoint ({path}) is intact and predates the steps of that mean."
            : "Nothing was written.";
        return new TrainingDivergedException($"Training stopped at step {step}: {why}. {checkpoint}", step, "loss");
    }

    // The message a user reads: which step and term, on which CPU and kernels, what is intact and what to try.
    private TrainingDivergedException Diverged(int step, string where, bool kernelsRuledOut)
    {
        var machine = Tacs.Diagnostics.MachineFacts.Current();
        var kernels = KernelGuard.Current?.Describe() ?? "convolution kernels not checked";
        var checkpoint = _options.CheckpointPath is { } path && File.Exists(path)
            ? $"The last checkpoint ({path}) is intact and nothing was written for this step."
            : "Nothing was written.";
        var message =
            $"Training stopped at step {step}: {where}. {checkpoint} " +
            $"CPU: {machine.CpuModel} ({machine.IsaLevel}); {kernels}. " +
            (kernelsRuledOut
                ? $"The same step without oneDNN failed the same way, so the training itself diverged: try a lower --lr (now {_options.LearningRate:G3}) and check the input images for NaN or saturated values."
                : $"Try: 'tacs doctor' to check libtorch's kernels on this CPU; TACS_KERNELS=off to train without oneDNN; a lower --lr (now {_options.LearningRate:G3}); and check the input images for NaN or saturated values.");
        return new TrainingDivergedException(message, step, where);
    }

    /// <summary>Cosine decay from the initial to the final learning rate over all steps.</summary>
    public double LearningRateAt(int step)
    {
        var t = Math.Clamp(step / (double)_options.Steps, 0, 1);
        return _options.FinalLearningRate + (0.5 * (_options.LearningRate - _options.FinalLearningRate) * (1 + Math.Cos(Math.PI * t)));
    }

    private void Save(string path, AdamOptimizer optimizer, int step, double loss, double seconds)
    {
        Metadata.Steps = step;
        Metadata.FinalLoss = loss;
        Metadata.TrainingSeconds = seconds;
        Metadata.Method = _loss.Name;
        Metadata.Patch = _options.Patch;
        Metadata.Batch = _options.Batch;
        Metadata.Seed = _options.Seed;
        Metadata.CreatedUtc = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        WeightsFile.Save(path, _network, Metadata);
        optimizer.Save(_options.OptimizerStatePath!);
    }

    private void CheckImages(IReadOnlyList<TrainingImage> images)
    {
        var patch = _options.Patch;
        if (images.Count == 0)
        {
            throw new ArgumentException("No training images: give a folder or stack with at least one readable noisy image.");
        }

        var tooSmall = images.Count(i => i.Width < patch || i.Height < patch);
        if (tooSmall > 0)
        {
            throw new ArgumentException($"{tooSmall} training image(s) are smaller than the {patch}×{patch} patch; use a smaller --patch or larger images.");
        }

        var pixels = images.Sum(i => (long)i.Width * i.Height);
        if (pixels < 16L * patch * patch)
        {
            throw new ArgumentException($"Too little training data: {images.Count} image(s) with {pixels} pixels in total, fewer than 16 patches of {patch}×{patch}. Give more images.");
        }

        if (_loss.NeedsClean && images.Any(i => i.Clean is null))
        {
            throw new ArgumentException("Supervised training needs a clean image for every noisy one (--clean).");
        }

        var cameraImages = images.Count(i => i.Photons is not null);
        if (_loss.CannotTrainOn(images.Count - cameraImages, cameraImages) is { } refusal)
        {
            throw new ArgumentException(refusal);
        }

        if (images.Any(i => !double.IsFinite(i.Sigma) || i.Sigma < 0 || (_loss.NeedsSigma && i.Sigma == 0)))
        {
            throw new ArgumentException($"Method {_loss.Name} needs the noise level of the images: give --sigma, or a positive estimate was not possible.");
        }
    }
}
