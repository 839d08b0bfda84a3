using Tacs.Collagen.Features;

namespace Tacs.Collagen.Classification;

/// <summary>How a <see cref="TacsModel"/> is trained.</summary>
public sealed class TrainingOptions
{
    /// <summary>Features the model uses, in order; null picks <see cref="FeatureCatalog.ClassifierNames"/> for
    /// boundary or boundary-free data, whichever every example has.</summary>
    public IReadOnlyList<string>? FeatureNames { get; init; }

    /// <summary>Trees of each one-versus-all FastForest.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Leaves of each tree. ML.NET's default, 20, was used until the fourteenth session; 128 measured better
    /// on the pooled noise-level training set (docs/classifier.md).</summary>
    public int Leaves { get; init; } = 128;

    /// <summary>Fewest training examples in a leaf (ML.NET's default is 10).</summary>
    public int MinimumExamplesPerLeaf { get; init; } = 10;

    /// <summary>Seed of the ML.NET context.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Boundary band the features were measured with, px (recorded in the model).</summary>
    public double BandWidth { get; init; } = FeatureOptions.Default.BandWidth;

    /// <summary>The command that trained the model, recorded so the model can be rebuilt.</summary>
    public string Command { get; init; } = string.Empty;

    /// <summary>Pixel size of the training images, µm, when known (recorded in the model).</summary>
    public double? PixelSizeMicrons { get; init; }

    /// <summary>Side of the training images, px, when known (recorded in the model).</summary>
    public int? ImageSide { get; init; }

    /// <summary>Probability gap between the two most probable classes below which an answer is "uncertain".</summary>
    public double DoubtMargin { get; init; } = 0.2;

    /// <summary>What the training data was (recorded in the model).</summary>
    public string DataDescription { get; init; } = string.Empty;

    /// <summary>Throws when a setting is out of range, with what the range is.</summary>
    /// <exception cref="ArgumentException">Trees, leaves or fewest examples per leaf out of range.</exception>
    public void Validate()
    {
        if (Trees is < 1 or > 5000)
        {
            throw new ArgumentException($"Trees {Trees} is outside 1–5000.");
        }

        if (Leaves is < 2 or > 4096)
        {
            throw new ArgumentException($"Leaves {Leaves} is outside 2–4096.");
        }

        if (MinimumExamplesPerLeaf is < 1 or > 100_000)
        {
            throw new ArgumentException($"Fewest examples per leaf {MinimumExamplesPerLeaf} is outside 1–100000.");
        }
    }
}
