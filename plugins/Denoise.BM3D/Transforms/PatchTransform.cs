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

        // Standard deviation of white unit noise in each coefficient: ‖row i‖·‖row j‖. 1 everywhere for an
        // orthonormal transform; bior1.5 is only nearly orthonormal, so thresholds follow these.
        var norms = new double[Size];
        for (var i = 0; i < Size; i++)
        {
            double s = 0;
            for (var j = 0; j < Size; j++)
            {
                s += analysis[i, j] * analysis[i, j];
            }

            norms[i] = Math.Sqrt(s);
        }

        NoiseScale = new float[Size * Size];
        for (var i = 0; i < Size; i++)
        {
            for (var j = 0; j < Size; j++)
            {
                NoiseScale[(i * Size) + j] = (float)(norms[i] * norms[j]);
            }
        }
    }

    /// <summary>Name for logs: <c>bior1.5</c> or <c>dct</c>.</summary>
    public string Name { get; }

    /// <summary>Patch side k.</summary>
    public int Size { get; }

    /// <summary>Noise standard deviation per coefficient (row-major k×k) for unit white noise in the patch.</summary>
    public float[] NoiseScale { get; }

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
}
