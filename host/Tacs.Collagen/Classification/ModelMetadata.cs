namespace Tacs.Collagen.Classification;

/// <summary>What a model file says about itself, stored as JSON next to the ML.NET model.</summary>
public sealed record ModelMetadata
{
    /// <summary>Version of the model file layout.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary><see cref="Features.FeatureCatalog.Version"/> the model was trained with.</summary>
    public string FeatureVersion { get; init; } = string.Empty;

    /// <summary>Features the model reads, in order.</summary>
    public IReadOnlyList<string> FeatureNames { get; init; } = [];

    /// <summary>Class names in score order.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>True when the model needs boundary features.</summary>
    public bool NeedsBoundary { get; init; }

    /// <summary>Boundary band the features were measured with, px.</summary>
    public double BandWidth { get; init; }

    /// <summary>Trees per one-versus-all forest.</summary>
    public int Trees { get; init; }

    /// <summary>Leaves per tree (0 in models from before it was recorded: they used ML.NET's default, 20).</summary>
    public int Leaves { get; init; }

    /// <summary>Fewest training examples per leaf (0 in models from before it was recorded: ML.NET's default, 10).</summary>
    public int MinimumExamplesPerLeaf { get; init; }

    /// <summary>Seed of the training context.</summary>
    public int Seed { get; init; }

    /// <summary>Training examples per class.</summary>
    public IReadOnlyDictionary<string, int> TrainingCounts { get; init; } = new Dictionary<string, int>();

    /// <summary>The command that trained it.</summary>
    public string Command { get; init; } = string.Empty;

    /// <summary>What the training data was.</summary>
    public string DataDescription { get; init; } = string.Empty;

    /// <summary>Range of every feature over the training set (issue 20: doubt when an image lies outside it).
    /// Null in models trained before the range was stored; then only split probabilities raise doubt.</summary>
    public IReadOnlyDictionary<string, FeatureRange>? FeatureSupport { get; init; }

    /// <summary>An answer is "uncertain" when the two most probable classes differ by less than this.</summary>
    public double DoubtMargin { get; init; } = 0.2;

    /// <summary>Pixel size of the training images, µm, when known.</summary>
    public double? PixelSizeMicrons { get; init; }

    /// <summary>Side (the larger of width and height) of the training images, px, when known.</summary>
    public int? ImageSide { get; init; }

    /// <summary>When it was trained (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }
}

/// <summary>Where a feature lay in the training set.</summary>
/// <param name="Min">Smallest training value.</param>
/// <param name="Max">Largest training value.</param>
public sealed record FeatureRange(double Min, double Max)
{
    /// <summary>Slack around the training range, as a fraction of its width, before a value counts as outside.</summary>
    public const double Slack = 0.1;

    /// <summary>True when <paramref name="value"/> lies within the range widened by <see cref="Slack"/> on each side.</summary>
    /// <param name="value">A feature value.</param>
    public bool Contains(double value)
    {
        var pad = Slack * Math.Max(Max - Min, 1e-9 + (1e-6 * Math.Abs(Max)));
        return value >= Min - pad && value <= Max + pad;
    }
}
