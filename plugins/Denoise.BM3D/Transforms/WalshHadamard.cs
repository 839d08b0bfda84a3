using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Transforms;

/// <summary>
/// Orthonormal Walsh–Hadamard transform across a group of n patches (n a power of two), applied to every
/// coefficient position at once: the group is n rows of <c>rowLength</c> floats. It is its own inverse.
/// </summary>
internal static unsafe class WalshHadamard
{
    /// <summary>Transforms the n rows at <paramref name="group"/> in place.</summary>
    public static void Transform(float* group, int n, int rowLength, SimdLevel level)
    {
        if (n <= 1)
        {
            return;
        }

        if ((n & (n - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "Walsh–Hadamard groups must hold a power of two patches.");
        }

        for (var h = 1; h < n; h *= 2)
        {
            for (var start = 0; start < n; start += 2 * h)
            {
                for (var j = start; j < start + h; j++)
                {
                    RowKernels.Butterfly(group + ((long)j * rowLength), group + ((long)(j + h) * rowLength), rowLength, level);
                }
            }
        }

        RowKernels.Scale(group, 1f / MathF.Sqrt(n), n * rowLength, level);
    }
}
