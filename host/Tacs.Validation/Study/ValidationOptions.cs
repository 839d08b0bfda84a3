using Tacs.Collagen.Synthesis;

namespace Tacs.Validation.Study;

/// <summary>Settings of the validation study.</summary>
public sealed record ValidationOptions
{
    /// <summary>Side of the synthetic images, px.</summary>
    public int Size { get; init; } = 256;

    /// <summary>Synthetic images per class.</summary>
    public int PerClass { get; init; } = 30;

    /// <summary>Distance band next to the boundary used by the boundary features, px.</summary>
    public double BandWidth { get; init; } = 64;

    /// <summary>Noise levels (peak photons and read noise).</summary>
    public IReadOnlyList<NoiseLevel> Levels { get; init; } = NoiseLevel.ParseList("10,3,1", 3);

    /// <summary>Cross-validation folds.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Cross-validation repeats (each a new shuffle).</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Seed of the synthetic data and of the folds.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Denoising methods as chains (e.g. <c>gaussian(sigma=1)</c>); the raw images are always the baseline.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Accuracy gain, in points, that the study asks about.</summary>
    public double TargetDeltaPoints { get; init; } = 5;

    /// <summary>Half-width, in points, the accuracy-difference intervals are sized for when the image count comes from a pilot.</summary>
    public double WantedHalfWidthPoints { get; init; } = 2.5;

    /// <summary>Images per class of the pilot that sizes the study.</summary>
    public int PilotPerClass { get; init; } = 30;

    /// <summary>Most images per class a pilot may ask for.</summary>
    public int MaxPerClass { get; init; } = 1000;

    /// <summary>Images per class phase 3 uses (the first ones): its question needs no more, and it costs five denoisings per image and method.</summary>
    public int RobustnessPerClass { get; init; } = 30;

    /// <summary>How <see cref="PerClass"/> was chosen, when a pilot chose it.</summary>
    public PowerPlan? Power { get; init; }

    /// <summary>Real noisy fluorescence images for phase 2 (no clean version needed).</summary>
    public IReadOnlyList<string> RealNoisyImages { get; init; } = [];

    /// <summary>Real collagen images for phase 2's classification.</summary>
    public IReadOnlyList<string> RealCollagenImages { get; init; } = [];

    /// <summary>Run phase 3 (rotations, flips, extra noise).</summary>
    public bool Robustness { get; init; } = true;

    /// <summary>The command line, recorded in the report.</summary>
    public string CommandLine { get; init; } = string.Empty;

    /// <summary>The settings of <c>--quick</c>: small images, few per class, same structure.</summary>
    public static ValidationOptions Quick { get; } = new() { Size = 128, PerClass = 20, BandWidth = 40, Folds = 3, Repeats = 5 };

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (PerClass < Folds)
        {
            throw new ArgumentException($"{PerClass} images per class cannot fill {Folds} stratified folds; use at least {Folds} per class.");
        }

        if (Folds < 2 || Repeats < 1)
        {
            throw new ArgumentException("Use at least 2 folds and 1 repeat.");
        }

        // FastForest needs 10 examples in a leaf by default: with fewer per class in a training fold it cannot split,
        // and every prediction would be the same.
        var training = PerClass * (Folds - 1) / Folds;
        if (training < 10)
        {
            throw new ArgumentException($"{PerClass} images per class leave {training} per class in each training fold; the random forest needs at least 10. Use --per-class {(int)Math.Ceiling(10.0 * Folds / (Folds - 1))} or more.");
        }

        if (RobustnessPerClass < 1 || MaxPerClass < PilotPerClass || WantedHalfWidthPoints <= 0)
        {
            throw new ArgumentException("Use a positive half-width, at least one robustness image per class, and a cap on images per class no smaller than the pilot.");
        }

        if (Levels.Count == 0)
        {
            throw new ArgumentException("Give at least one noise level.");
        }
    }
}
