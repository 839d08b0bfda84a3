namespace Tacs.Torch.Weights;

/// <summary>What a weights file says about itself: network size, how it was trained, on what.</summary>
public sealed class WeightsMetadata
{
    /// <summary>Format tag of this file kind.</summary>
    public string Format { get; set; } = WeightsFile.FormatTag;

    /// <summary>Channel widths of the four scales.</summary>
    public int[] Channels { get; set; } = [];

    /// <summary>Residual blocks per scale.</summary>
    public int BlocksPerScale { get; set; }

    /// <summary>Trainable weights.</summary>
    public long ParameterCount { get; set; }

    /// <summary>Training method: supervised, n2n, r2r, sure.</summary>
    public string Method { get; set; } = "";

    /// <summary>Noise model the weights expect: "gaussian" or "poisson-gaussian" (applied through the Anscombe transform).</summary>
    public string NoiseModel { get; set; } = "gaussian";

    /// <summary>Noise level of the training data, on the 0–1 scale of the normalised images (Gaussian) or of the Anscombe domain.</summary>
    public double TrainingSigma { get; set; }

    /// <summary>The exact command line that produced the weights.</summary>
    public string Command { get; set; } = "";

    /// <summary>The weights training started from (<c>tacs train drunet --init</c>) and how they were made, or null when it
    /// started from random weights.</summary>
    public string? InitialWeights { get; set; }

    /// <summary>The command lines of this file's own training before <see cref="Command"/>, when it was stopped and
    /// resumed (each resume writes its own command there); empty for a run done in one go.</summary>
    public string[] EarlierCommands { get; set; } = [];

    /// <summary>The training stages before this file's own, oldest first: the <c>--init</c> weights, the weights they
    /// started from, and so on. Empty for weights trained from random numbers, and in files older than this field (their
    /// <see cref="InitialWeights"/> names one stage back).</summary>
    public List<TrainingStage> Lineage { get; set; } = [];

    /// <summary>Stages dropped from the oldest end of <see cref="Lineage"/> to keep it at <see cref="MaxLineage"/>.</summary>
    public int OmittedStages { get; set; }

    /// <summary>Most stages <see cref="Lineage"/> keeps; a longer history drops its oldest ones and counts them.</summary>
    public const int MaxLineage = 64;

    /// <summary>Metadata for weights trained starting from <paramref name="before"/> (read from <paramref name="source"/>):
    /// its history plus its own stage.</summary>
    public static WeightsMetadata StartingFrom(string source, WeightsMetadata before)
    {
        var lineage = new List<TrainingStage>(before.Lineage) { TrainingStage.Of(source, before) };
        var omitted = before.OmittedStages + Math.Max(0, lineage.Count - MaxLineage);
        return new WeightsMetadata
        {
            InitialWeights = $"{source}: {before.Method} on {before.Data}, {before.Steps} steps; trained by: {before.Command}",
            Lineage = lineage.Skip(lineage.Count - Math.Min(lineage.Count, MaxLineage)).ToList(),
            OmittedStages = omitted,
        };
    }

    /// <summary>Where the training images came from.</summary>
    public string Data { get; set; } = "";

    /// <summary>Optimiser steps done.</summary>
    public int Steps { get; set; }

    /// <summary>Patch side in pixels.</summary>
    public int Patch { get; set; }

    /// <summary>Patches per step.</summary>
    public int Batch { get; set; }

    /// <summary>Random seed.</summary>
    public int Seed { get; set; }

    /// <summary>Mean loss over the last steps.</summary>
    public double FinalLoss { get; set; }

    /// <summary>Wall-clock training time in seconds (all sessions, when resumed).</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>When the file was written (UTC, ISO 8601).</summary>
    public string CreatedUtc { get; set; } = "";

    /// <summary>Where the weights were trained: CPU model and ISA, libtorch and TorchSharp versions, the convolution
    /// kernels used (<see cref="Platform.KernelGuard"/>) and the build configuration. Empty in files older than this field.</summary>
    public string Machine { get; set; } = "";

    /// <summary>How the numbers are stored: float32, or float16 (half the size; loaded back as float32).</summary>
    public string Precision { get; set; } = WeightsFile.Float32;
}
