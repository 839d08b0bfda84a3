using Tacs.Validation.Statistics;

namespace Tacs.Validation.Study;

/// <summary>One method at one noise level in phase 1.</summary>
public sealed record MethodResult
{
    public required string Method { get; init; }

    public required string Chain { get; init; }

    public double Psnr { get; init; }

    public double Ssim { get; init; }

    public double MillisecondsPerImage { get; init; }

    public required Interval Accuracy { get; init; }

    public required Interval Precision { get; init; }

    public required Interval Recall { get; init; }

    public required Interval F1 { get; init; }

    public required Interval RocAuc { get; init; }

    /// <summary>Accuracy minus the raw baseline's, in points, paired over the same folds; null for the baseline.</summary>
    public PairedComparison? DeltaPoints { get; init; }

    /// <summary>"yes", "no" or "undecided": whether the gain exceeds the target, judged from the interval.</summary>
    public string? DeltaAboveTarget { get; init; }

    /// <summary>Images per class at which the delta's interval would clear the target if its mean held; null once decided.</summary>
    public int? PerClassToDecide { get; init; }

    public required IReadOnlyList<double> FoldAccuracies { get; init; }

    public required int[,] Confusion { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Macro one-versus-rest ROC curve points (false positive rate, true positive rate) per class.</summary>
    public required IReadOnlyDictionary<string, (double[] Fpr, double[] Tpr)> Roc { get; init; }
}

/// <summary>Phase 1 at one noise level.</summary>
public sealed record LevelResult(string Level, double PeakPhotons, double ReadNoise, IReadOnlyList<MethodResult> Methods);

/// <summary>A real noisy image through one denoiser.</summary>
public sealed record RealDenoiseResult(string Image, string Method, double MillisecondsPerImage, double NoiseSigmaBefore, double NoiseSigmaAfter, double MethodNoiseStructure, string? Example);

/// <summary>A real collagen image through the classifier.</summary>
public sealed record RealClassificationResult(string Image, string Label, IReadOnlyDictionary<string, double> Probabilities, IReadOnlyDictionary<string, double> Features, IReadOnlyList<string> Notes, string? FeatureMap);

/// <summary>Accuracy under one perturbation of the test images.</summary>
public sealed record RobustnessResult(string Level, string Method, string Perturbation, double Accuracy, double Baseline);

/// <summary>Everything the study found.</summary>
public sealed record ValidationResult
{
    public required ValidationOptions Options { get; init; }

    public required IReadOnlyDictionary<string, string> PluginVersions { get; init; }

    public required IReadOnlyList<LevelResult> Synthetic { get; init; }

    /// <summary>Accuracy of features measured on the clean images: what noise costs at most.</summary>
    public required Interval CleanAccuracy { get; init; }

    public required IReadOnlyList<RealDenoiseResult> RealDenoising { get; init; }

    public required IReadOnlyList<RealClassificationResult> RealClassification { get; init; }

    public required IReadOnlyList<RobustnessResult> Robustness { get; init; }

    public required double Seconds { get; init; }

    public required string Machine { get; init; }
}
