using Tacs.Plugins.Bm3d.Filtering;
using Tacs.Plugins.Bm3d.Transforms;

namespace Tacs.Plugins.Bm3d.Profiles;

/// <summary>
/// Named parameter sets. <c>reference</c> follows Dabov et al. 2007 / Lebrun 2012; <c>fast</c> trades a little
/// quality for speed during acquisition (sparser reference grid, smaller search window, smaller groups).
/// Thresholds are on the 0–255 grey scale the algorithm works in internally.
/// </summary>
internal sealed record Bm3dProfile(string Name, StageSettings HardThreshold, StageSettings Wiener)
{
    /// <summary>Profile names accepted by the plugin.</summary>
    public static readonly IReadOnlyList<string> Names = ["reference", "fast"];

    private static readonly PatchTransform Bior8 = PatchTransform.Bior15(8);
    private static readonly PatchTransform Dct8 = PatchTransform.Dct(8);
    private static readonly PatchTransform Dct12 = PatchTransform.Dct(12);

    /// <summary>Above this σ (0–255 scale) the published high-noise settings apply.</summary>
    public const float HighNoiseSigma = 40f;

    /// <summary>The settings of <paramref name="name"/> for noise level <paramref name="sigma255"/> on the 0–255 scale.</summary>
    /// <exception cref="ArgumentException">Unknown profile name.</exception>
    public static Bm3dProfile Create(string name, float sigma255)
    {
        var high = sigma255 > HighNoiseSigma;
        var hardTau = high ? 5000f : 2500f;
        var wienerTau = high ? 3500f : 400f;
        var lambda = high ? 2.8f : 2.7f;
        var wienerTransform = high ? Dct12 : Dct8;
        return name.ToLowerInvariant() switch
        {
            "reference" => new Bm3dProfile(
                "reference",
                new StageSettings(Bior8, Step: 3, SearchHalf: 19, MaxGroup: 16, hardTau, lambda, KaiserBeta: 2.0),
                new StageSettings(wienerTransform, Step: 3, SearchHalf: 19, MaxGroup: 32, wienerTau, 0f, KaiserBeta: 2.0)),
            "fast" => new Bm3dProfile(
                "fast",
                new StageSettings(Bior8, Step: 5, SearchHalf: 11, MaxGroup: 16, hardTau, lambda, KaiserBeta: 2.0),
                new StageSettings(Dct8, Step: 5, SearchHalf: 11, MaxGroup: 16, wienerTau, 0f, KaiserBeta: 2.0)),
            _ => throw new ArgumentException($"Unknown BM3D profile '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}
