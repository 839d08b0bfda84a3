using Tacs.Collagen.Features;

namespace Tacs.Validation.Study;

/// <summary>One method on one noisy copy of a synthetic image: quality against the noise-free image, time, and features.</summary>
internal sealed record MethodOutcome(double Psnr, double Ssim, double Milliseconds, FeatureVector Features);

/// <summary>
/// Everything the study measures on one synthetic image (one work unit): the clean image's features, every method at
/// every level, and every method on the perturbed copies of phase 3. The statistics are computed from these alone,
/// so a study split into shards and merged gives the numbers of a single run.
/// </summary>
/// <param name="Index">Position in the generated set (its seed follows from it).</param>
/// <param name="Id">Sample id such as s0042.</param>
/// <param name="Label">True class name.</param>
/// <param name="Clean">Features of the noise-free image.</param>
/// <param name="Levels">Per noise level, per method (in method order).</param>
/// <param name="Perturbed">Per method, per perturbation (phase 3, middle level); empty when phase 3 is off.</param>
internal sealed record SampleOutcome(int Index, string Id, string Label, FeatureVector Clean, MethodOutcome[][] Levels, FeatureVector[][] Perturbed);

/// <summary>A method as the report names it (the chain's canonical text) and shows it.</summary>
internal sealed record MethodInfo(string Name, string Chain);

/// <summary>The work units one process did: synthetic images, and real images (with their unit numbers, for order).</summary>
internal sealed record StudyOutcomes
{
    public required ValidationOptions Options { get; init; }

    public required IReadOnlyList<MethodInfo> Methods { get; init; }

    public required IReadOnlyDictionary<string, string> PluginVersions { get; init; }

    public required IReadOnlyList<SampleOutcome> Samples { get; init; }

    public required IReadOnlyList<(int Unit, IReadOnlyList<RealDenoiseResult> Results)> RealDenoising { get; init; }

    public required IReadOnlyList<(int Unit, RealClassificationResult Result)> RealClassification { get; init; }

    public required double Seconds { get; init; }

    public required string Machine { get; init; }
}
