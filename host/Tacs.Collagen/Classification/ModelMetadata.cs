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

    /// <summary>Seed of the training context.</summary>
    public int Seed { get; init; }

    /// <summary>Training examples per class.</summary>
    public IReadOnlyDictionary<string, int> TrainingCounts { get; init; } = new Dictionary<string, int>();

    /// <summary>The command that trained it.</summary>
    public string Command { get; init; } = string.Empty;

    /// <summary>What the training data was.</summary>
    public string DataDescription { get; init; } = string.Empty;

    /// <summary>When it was trained (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }
}
