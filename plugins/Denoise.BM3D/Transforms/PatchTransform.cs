using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Transforms;

/// <summary>
/// A separable 2D transform of k×k patches, Y = A·X·Aᵀ, with its exact inverse X = B·Y·Bᵀ (B = A⁻¹, computed
/// in double precision). Both are two small matrix products whose rows run through the SIMD kernels.
/// </summary>
internal sealed unsafe class PatchTransform
{
    private readonly float[] _forward;
    private readonly float[] _forwardT;
    private readonly float[] _inverse;
    private readonly float[] _inverseT;

    private PatchTransform(string name, double[,] analysis)
    {
        Name = name;
        Size = analysis.GetLength(0);
        var synthesis = TransformMatrices.Invert(analysis);
        _forward = Flatten(analysis, transpose: false);
        _forwardT = Flatten(analysis, transpose: true);
        _inverse = Flatten(synthesis, transpose: false);
        _inverseT = Flatten(synthesis, transpose: true);
    }

    /// <summary>Name for logs: <c>bior1.5</c> or <c>dct</c>.</summary>
    public string Name { get; }

    /// <summary>Patch side k.</summary>
    public int Size { get; }

    /// <summary>Biorthogonal 1.5 wavelet, full decomposition (k a power of two).</summary>
    public static PatchTransform Bior15(int k) => new("bior1.5", TransformMatrices.Bior15(k));

    /// <summary>Orthonormal DCT-II.</summary>
    public static PatchTransform Dct(int k) => new("dct", TransformMatrices.Dct(k));

    /// <summary>Transforms the patch at <paramref name="source"/> (row stride <paramref name="stride"/>) into
    /// k×k contiguous coefficients at <paramref name="target"/>; <paramref name="scratch"/> holds k×k floats.</summary>
    public void Forward(float* source, int stride, float* target, float* scratch, SimdLevel level)
    {
        fixed (float* a = _forward)
        fixed (float* at = _forwardT)
        {
            Multiply(a, source, stride, scratch, Size, level);
            Multiply(scratch, at, Size, target, Size, level);
        }
    }

    /// <summary>Inverse of <see cref="Forward"/> into k×k contiguous pixels.</summary>
    public void Inverse(float* source, float* target, float* scratch, SimdLevel level)
    {
        fixed (float* b = _inverse)
        fixed (float* bt = _inverseT)
        {
            Multiply(b, source, Size, scratch, Size, level);
            Multiply(scratch, bt, Size, target, Size, level);
        }
    }

    // out = L·R for k×k matrices, L contiguous, R with row stride; each output row is a sum of scaled R rows.
    private static void Multiply(float* left, float* right, int rightStride, float* result, int k, SimdLevel level)
    {
        if (k == 8 && level >= SimdLevel.Vector256)
        {
            Multiply8(left, right, rightStride, result);
            return;
        }

        if (level >= SimdLevel.Vector128)
        {
            MultiplyVector(left, right, rightStride, result, k, level);
            return;
        }

        for (var i = 0; i < k; i++)
        {
            var row = result + (i * k);
            new Span<float>(row, k).Clear();
            for (var j = 0; j < k; j++)
            {
                RowKernels.MultiplyAdd(row, right + ((long)j * rightStride), left[(i * k) + j], k, level);
            }
        }
    }

    private static float[] Flatten(double[,] m, bool transpose)
    {
        var n = m.GetLength(0);
        var flat = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                flat[(i * n) + j] = (float)(transpose ? m[j, i] : m[i, j]);
            }
        }

        return flat;
    }

    // Any k: each output row chunk (8, then 4, then scalar columns) accumulated in a register over the k inputs.
    private static void MultiplyVector(float* left, float* right, int rightStride, float* result, int k, SimdLevel level)
    {
        for (var i = 0; i < k; i++)
        {
            var l = left + (i * k);
            var row = result + (i * k);
            var c = 0;
            if (level >= SimdLevel.Vector256)
            {
                for (; c + 8 <= k; c += 8)
                {
                    var acc = Vector256<float>.Zero;
                    for (var j = 0; j < k; j++)
                    {
                        acc += Vector256.Create(l[j]) * Vector256.Load(right + ((long)j * rightStride) + c);
                    }

                    Vector256.Store(acc, row + c);
                }
            }

            for (; c + 4 <= k; c += 4)
            {
                var acc = Vector128<float>.Zero;
                for (var j = 0; j < k; j++)
                {
                    acc += Vector128.Create(l[j]) * Vector128.Load(right + ((long)j * rightStride) + c);
                }

                Vector128.Store(acc, row + c);
            }

            for (; c < k; c++)
            {
                var sum = 0f;
                for (var j = 0; j < k; j++)
                {
                    sum += l[j] * right[((long)j * rightStride) + c];
                }

                row[c] = sum;
            }
        }
    }

    // The common 8×8 case with the eight rows of R held in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Multiply8(float* left, float* right, int rightStride, float* result)
    {
        var r0 = Vector256.Load(right);
        var r1 = Vector256.Load(right + rightStride);
        var r2 = Vector256.Load(right + (2 * rightStride));
        var r3 = Vector256.Load(right + (3 * rightStride));
        var r4 = Vector256.Load(right + (4 * rightStride));
        var r5 = Vector256.Load(right + (5 * rightStride));
        var r6 = Vector256.Load(right + (6 * rightStride));
        var r7 = Vector256.Load(right + (7 * rightStride));
        for (var i = 0; i < 8; i++)
        {
            var l = left + (i * 8);
            var acc = (Vector256.Create(l[0]) * r0) + (Vector256.Create(l[1]) * r1);
            acc += (Vector256.Create(l[2]) * r2) + (Vector256.Create(l[3]) * r3);
            acc += (Vector256.Create(l[4]) * r4) + (Vector256.Create(l[5]) * r5);
            acc += (Vector256.Create(l[6]) * r6) + (Vector256.Create(l[7]) * r7);
            Vector256.Store(acc, result + (i * 8));
        }
    }
}
