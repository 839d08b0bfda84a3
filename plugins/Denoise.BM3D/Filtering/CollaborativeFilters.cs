using Tacs.Plugins.Bm3d.Simd;
using Tacs.Plugins.Bm3d.Transforms;

namespace Tacs.Plugins.Bm3d.Filtering;

/// <summary>
/// The two collaborative filters of BM3D, applied to one group of matched patches in the 3D transform domain
/// (2D patch transform, then Walsh–Hadamard across the group). Each returns the group's aggregation weight and
/// leaves the filtered coefficients in <see cref="GroupWorkspace.Group"/>.
/// </summary>
internal static unsafe class CollaborativeFilters
{
    /// <summary>Stage 1: hard thresholding at λ·σ per coefficient. Weight 1/(number of kept coefficients).</summary>
    public static float HardThreshold(
        float* noisy, int width, GroupWorkspace ws, int n, PatchTransform transform, float* thresholds, SimdLevel level)
    {
        var kk = transform.Size * transform.Size;
        fixed (float* group = ws.Group)
        fixed (int* positions = ws.Positions)
        fixed (float* scratch = ws.Scratch)
        {
            for (var m = 0; m < n; m++)
            {
                transform.Forward(noisy + positions[m], width, group + (m * kk), scratch, level);
            }

            WalshHadamard.Transform(group, n, kk, level);
            var kept = 0;
            for (var m = 0; m < n; m++)
            {
                kept += RowKernels.HardThreshold(group + (m * kk), thresholds, kk, level);
            }

            WalshHadamard.Transform(group, n, kk, level);
            return 1f / Math.Max(1, kept);
        }
    }

    /// <summary>Stage 2: empirical Wiener filter with the pilot (basic) estimate. Weight 1/Σw².</summary>
    public static float Wiener(
        float* noisy, float* basic, int width, GroupWorkspace ws, int n, PatchTransform transform, float noiseVariance, SimdLevel level)
    {
        var kk = transform.Size * transform.Size;
        fixed (float* group = ws.Group)
        fixed (float* guide = ws.Guide)
        fixed (int* positions = ws.Positions)
        fixed (float* scratch = ws.Scratch)
        {
            for (var m = 0; m < n; m++)
            {
                transform.Forward(noisy + positions[m], width, group + (m * kk), scratch, level);
                transform.Forward(basic + positions[m], width, guide + (m * kk), scratch, level);
            }

            WalshHadamard.Transform(group, n, kk, level);
            WalshHadamard.Transform(guide, n, kk, level);
            var energy = RowKernels.WienerShrink(group, guide, noiseVariance, n * kk, level);
            WalshHadamard.Transform(group, n, kk, level);
            return energy > 0 ? 1f / energy : 1f;
        }
    }
}
