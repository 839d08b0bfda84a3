using Tacs.Plugins.Bm3d.Transforms;

namespace Tacs.Plugins.Bm3d.Filtering;

/// <summary>Parameters of one BM3D stage (hard thresholding or Wiener), in the algorithm's internal grey scale.</summary>
/// <param name="Transform">2D patch transform (its size is the patch side).</param>
/// <param name="Step">Distance between reference patches, in pixels.</param>
/// <param name="SearchHalf">Half-size of the search window: candidates within ±SearchHalf pixels.</param>
/// <param name="MaxGroup">Most patches per group (a power of two).</param>
/// <param name="MatchThreshold">Largest accepted mean squared difference per pixel between matched patches.</param>
/// <param name="Lambda">Hard threshold in units of σ (stage 1 only).</param>
/// <param name="KaiserBeta">Shape of the aggregation window.</param>
internal sealed record StageSettings(
    PatchTransform Transform, int Step, int SearchHalf, int MaxGroup, float MatchThreshold, float Lambda, double KaiserBeta)
{
    /// <summary>Patch side k.</summary>
    public int PatchSize => Transform.Size;
}
