using System.Runtime.Intrinsics;

namespace Tacs.Plugins.Bm3d.Simd;

/// <summary>Widest vector width a kernel may use; tests run every kernel at each level against the scalar one.</summary>
internal enum SimdLevel
{
    /// <summary>Plain scalar loops.</summary>
    Scalar = 0,

    /// <summary>Vector128 body, scalar tail.</summary>
    Vector128 = 1,

    /// <summary>Vector256 body, then Vector128, then scalar tail.</summary>
    Vector256 = 2,
}

/// <summary>The best level this machine accelerates.</summary>
internal static class SimdSupport
{
    public static SimdLevel Best { get; } =
        Vector256.IsHardwareAccelerated ? SimdLevel.Vector256
        : Vector128.IsHardwareAccelerated ? SimdLevel.Vector128
        : SimdLevel.Scalar;
}
