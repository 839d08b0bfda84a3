using System.Runtime.Intrinsics;

namespace Tacs.Plugins.Bm3d.Simd;

/// <summary>
/// The few inner loops BM3D spends its time in, each written in tiers: Vector256, then Vector128, then a scalar
/// tail, so patch widths that are not multiples of 8 (such as 12) still use the vector units.
/// </summary>
internal static unsafe class RowKernels
{
    /// <summary>dst[i] += a · src[i] for i in [0, n).</summary>
    public static void MultiplyAdd(float* dst, float* src, float a, int n, SimdLevel level)
    {
        var i = 0;
        if (level >= SimdLevel.Vector256)
        {
            var va = Vector256.Create(a);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.Store(Vector256.Load(dst + i) + (va * Vector256.Load(src + i)), dst + i);
            }
        }

        if (level >= SimdLevel.Vector128)
        {
            var va = Vector128.Create(a);
            for (; i + 4 <= n; i += 4)
            {
                Vector128.Store(Vector128.Load(dst + i) + (va * Vector128.Load(src + i)), dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] += a * src[i];
        }
    }

    /// <summary>In-place butterfly of two rows: (p, q) ← (p + q, p − q).</summary>
    public static void Butterfly(float* p, float* q, int n, SimdLevel level)
    {
        var i = 0;
        if (level >= SimdLevel.Vector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var a = Vector256.Load(p + i);
                var b = Vector256.Load(q + i);
                Vector256.Store(a + b, p + i);
                Vector256.Store(a - b, q + i);
            }
        }

        if (level >= SimdLevel.Vector128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var a = Vector128.Load(p + i);
                var b = Vector128.Load(q + i);
                Vector128.Store(a + b, p + i);
                Vector128.Store(a - b, q + i);
            }
        }

        for (; i < n; i++)
        {
            var a = p[i];
            var b = q[i];
            p[i] = a + b;
            q[i] = a - b;
        }
    }

    /// <summary>dst[i] *= a.</summary>
    public static void Scale(float* dst, float a, int n, SimdLevel level)
    {
        var i = 0;
        if (level >= SimdLevel.Vector256)
        {
            var va = Vector256.Create(a);
            for (; i + 8 <= n; i += 8)
            {
                Vector256.Store(Vector256.Load(dst + i) * va, dst + i);
            }
        }

        if (level >= SimdLevel.Vector128)
        {
            var va = Vector128.Create(a);
            for (; i + 4 <= n; i += 4)
            {
                Vector128.Store(Vector128.Load(dst + i) * va, dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] *= a;
        }
    }

    /// <summary>
    /// Sum of squared differences between two k×k patches of the same image (row stride <paramref name="stride"/>),
    /// stopping early once the partial sum passes <paramref name="limit"/> (the caller would reject it anyway).
    /// </summary>
    public static float PatchDistance(float* a, float* b, int stride, int k, float limit, SimdLevel level)
    {
        if (k == 8 && level >= SimdLevel.Vector256)
        {
            return PatchDistance8(a, b, stride, limit);
        }

        if (k == 12 && level >= SimdLevel.Vector256)
        {
            return PatchDistance12(a, b, stride, limit);
        }

        var sum = 0f;
        if (level >= SimdLevel.Vector256 && k >= 8)
        {
            for (var r = 0; r < k; r++)
            {
                var acc = Vector256<float>.Zero;
                var pa = a + ((long)r * stride);
                var pb = b + ((long)r * stride);
                var i = 0;
                for (; i + 8 <= k; i += 8)
                {
                    var d = Vector256.Load(pa + i) - Vector256.Load(pb + i);
                    acc += d * d;
                }

                var acc4 = acc.GetLower() + acc.GetUpper();
                for (; i + 4 <= k; i += 4)
                {
                    var d = Vector128.Load(pa + i) - Vector128.Load(pb + i);
                    acc4 += d * d;
                }

                sum += Vector128.Sum(acc4);
                for (; i < k; i++)
                {
                    var d = pa[i] - pb[i];
                    sum += d * d;
                }

                if (sum > limit)
                {
                    return sum;
                }
            }

            return sum;
        }

        for (var r = 0; r < k; r++)
        {
            var pa = a + ((long)r * stride);
            var pb = b + ((long)r * stride);
            var i = 0;
            if (level >= SimdLevel.Vector128)
            {
                var acc4 = Vector128<float>.Zero;
                for (; i + 4 <= k; i += 4)
                {
                    var d = Vector128.Load(pa + i) - Vector128.Load(pb + i);
                    acc4 += d * d;
                }

                sum += Vector128.Sum(acc4);
            }

            for (; i < k; i++)
            {
                var d = pa[i] - pb[i];
                sum += d * d;
            }

            if (sum > limit)
            {
                return sum;
            }
        }

        return sum;
    }

    /// <summary>dst[i] *= src[i].</summary>
    public static void MultiplyElementwise(float* dst, float* src, int n, SimdLevel level)
    {
        var i = 0;
        if (level >= SimdLevel.Vector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Vector256.Store(Vector256.Load(dst + i) * Vector256.Load(src + i), dst + i);
            }
        }

        if (level >= SimdLevel.Vector128)
        {
            for (; i + 4 <= n; i += 4)
            {
                Vector128.Store(Vector128.Load(dst + i) * Vector128.Load(src + i), dst + i);
            }
        }

        for (; i < n; i++)
        {
            dst[i] *= src[i];
        }
    }

    /// <summary>Zeroes every value with |x| ≤ threshold[i]; returns how many were kept.</summary>
    public static int HardThreshold(float* data, float* threshold, int n, SimdLevel level)
    {
        var kept = 0;
        var i = 0;
        if (level >= SimdLevel.Vector256)
        {
            for (; i + 8 <= n; i += 8)
            {
                var x = Vector256.Load(data + i);
                var keep = Vector256.GreaterThan(Vector256.Abs(x), Vector256.Load(threshold + i));
                Vector256.Store(x & keep, data + i);
                kept += System.Numerics.BitOperations.PopCount(keep.ExtractMostSignificantBits());
            }
        }

        if (level >= SimdLevel.Vector128)
        {
            for (; i + 4 <= n; i += 4)
            {
                var x = Vector128.Load(data + i);
                var keep = Vector128.GreaterThan(Vector128.Abs(x), Vector128.Load(threshold + i));
                Vector128.Store(x & keep, data + i);
                kept += System.Numerics.BitOperations.PopCount(keep.ExtractMostSignificantBits());
            }
        }

        for (; i < n; i++)
        {
            if (MathF.Abs(data[i]) > threshold[i])
            {
                kept++;
            }
            else
            {
                data[i] = 0;
            }
        }

        return kept;
    }

    /// <summary>
    /// Empirical Wiener shrinkage: noisy[i] *= w with w = basic²/(basic² + σ²); returns Σw².
    /// </summary>
    public static float WienerShrink(float* noisy, float* basic, float noiseVariance, int n, SimdLevel level)
    {
        var sum = 0f;
        var i = 0;
        if (level >= SimdLevel.Vector256)
        {
            var v = Vector256.Create(noiseVariance);
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                var b = Vector256.Load(basic + i);
                var b2 = b * b;
                var w = b2 / (b2 + v);
                Vector256.Store(Vector256.Load(noisy + i) * w, noisy + i);
                acc += w * w;
            }

            sum += Vector256.Sum(acc);
        }

        if (level >= SimdLevel.Vector128)
        {
            var v = Vector128.Create(noiseVariance);
            var acc = Vector128<float>.Zero;
            for (; i + 4 <= n; i += 4)
            {
                var b = Vector128.Load(basic + i);
                var b2 = b * b;
                var w = b2 / (b2 + v);
                Vector128.Store(Vector128.Load(noisy + i) * w, noisy + i);
                acc += w * w;
            }

            sum += Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            var b2 = basic[i] * basic[i];
            var w = b2 / (b2 + noiseVariance);
            noisy[i] *= w;
            sum += w * w;
        }

        return sum;
    }

    // 8×8 patches: one Vector256 per row, one early-exit check half-way.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static float PatchDistance8(float* a, float* b, int stride, float limit)
    {
        var d0 = Vector256.Load(a) - Vector256.Load(b);
        var d1 = Vector256.Load(a + stride) - Vector256.Load(b + stride);
        var d2 = Vector256.Load(a + (2 * stride)) - Vector256.Load(b + (2 * stride));
        var d3 = Vector256.Load(a + (3 * stride)) - Vector256.Load(b + (3 * stride));
        var acc = (d0 * d0) + (d1 * d1) + (d2 * d2) + (d3 * d3);
        var half = Vector256.Sum(acc);
        if (half > limit)
        {
            return half;
        }

        var d4 = Vector256.Load(a + (4 * stride)) - Vector256.Load(b + (4 * stride));
        var d5 = Vector256.Load(a + (5 * stride)) - Vector256.Load(b + (5 * stride));
        var d6 = Vector256.Load(a + (6 * stride)) - Vector256.Load(b + (6 * stride));
        var d7 = Vector256.Load(a + (7 * stride)) - Vector256.Load(b + (7 * stride));
        return half + Vector256.Sum((d4 * d4) + (d5 * d5) + (d6 * d6) + (d7 * d7));
    }

    // 12×12 patches (high-noise Wiener stage): a Vector256 and a Vector128 per row, exit checks every 4 rows.
    private static float PatchDistance12(float* a, float* b, int stride, float limit)
    {
        var sum = 0f;
        for (var r = 0; r < 12; r += 4)
        {
            var acc8 = Vector256<float>.Zero;
            var acc4 = Vector128<float>.Zero;
            for (var q = r; q < r + 4; q++)
            {
                var pa = a + ((long)q * stride);
                var pb = b + ((long)q * stride);
                var d8 = Vector256.Load(pa) - Vector256.Load(pb);
                var d4 = Vector128.Load(pa + 8) - Vector128.Load(pb + 8);
                acc8 += d8 * d8;
                acc4 += d4 * d4;
            }

            sum += Vector128.Sum(acc8.GetLower() + acc8.GetUpper() + acc4);
            if (sum > limit)
            {
                return sum;
            }
        }

        return sum;
    }
}
