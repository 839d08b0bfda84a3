using Tacs.Plugins.Bm3d.Simd;
using Tacs.Plugins.Bm3d.Transforms;

namespace Tacs.Plugins.Bm3d.Tests.Simd;

/// <summary>Every vector tier against the scalar path, on lengths that exercise the Vector256, Vector128 and scalar tails.</summary>
public unsafe class RowKernelTests
{
    private static readonly SimdLevel[] VectorLevels = [SimdLevel.Vector128, SimdLevel.Vector256];
    private static readonly int[] Lengths = [1, 3, 4, 5, 8, 11, 12, 13, 16, 37, 64, 144];

    [Fact]
    public void MultiplyAddButterflyScaleAndElementwiseMatchScalar()
    {
        foreach (var n in Lengths)
        {
            var a = Random(n, 1);
            var b = Random(n, 2);
            var expected = Run(SimdLevel.Scalar, a, b);
            foreach (var level in VectorLevels)
            {
                var actual = Run(level, a, b);
                for (var i = 0; i < expected.Length; i++)
                {
                    Assert.Equal(expected[i], actual[i], 1e-5f);
                }
            }
        }

        static float[] Run(SimdLevel level, float[] a, float[] b)
        {
            var n = a.Length;
            var p = (float[])a.Clone();
            var q = (float[])b.Clone();
            var r = (float[])a.Clone();
            var s = (float[])b.Clone();
            fixed (float* pp = p, qq = q, rr = r, ss = s)
            {
                RowKernels.MultiplyAdd(pp, qq, 0.75f, n, level);
                RowKernels.Butterfly(pp, qq, n, level);
                RowKernels.Scale(qq, -1.5f, n, level);
                RowKernels.MultiplyElementwise(rr, ss, n, level);
            }

            return [.. p, .. q, .. r];
        }
    }

    [Fact]
    public void HardThresholdKeepsTheSameCoefficientsAsScalar()
    {
        foreach (var n in Lengths)
        {
            var data = Random(n, 5);
            var thresholds = Enumerable.Repeat(0.5f, n).ToArray();
            var expected = (float[])data.Clone();
            int expectedKept;
            fixed (float* e = expected, t = thresholds)
            {
                expectedKept = RowKernels.HardThreshold(e, t, n, SimdLevel.Scalar);
            }

            Assert.Equal(data.Count(v => MathF.Abs(v) > 0.5f), expectedKept);
            foreach (var level in VectorLevels)
            {
                var actual = (float[])data.Clone();
                fixed (float* a = actual, t = thresholds)
                {
                    Assert.Equal(expectedKept, RowKernels.HardThreshold(a, t, n, level));
                }

                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void WienerShrinkMatchesScalar()
    {
        foreach (var n in Lengths)
        {
            var noisy = Random(n, 7);
            var basic = Random(n, 8);
            var expected = (float[])noisy.Clone();
            float expectedEnergy;
            fixed (float* e = expected, b = basic)
            {
                expectedEnergy = RowKernels.WienerShrink(e, b, 0.1f, n, SimdLevel.Scalar);
            }

            foreach (var level in VectorLevels)
            {
                var actual = (float[])noisy.Clone();
                float energy;
                fixed (float* a = actual, b = basic)
                {
                    energy = RowKernels.WienerShrink(a, b, 0.1f, n, level);
                }

                Assert.Equal(expectedEnergy, energy, 1e-4f);
                for (var i = 0; i < n; i++)
                {
                    Assert.Equal(expected[i], actual[i], 1e-6f);
                }
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(12)]
    public void PatchDistanceMatchesScalar(int k)
    {
        const int width = 40;
        var image = Random(width * width, 11);
        fixed (float* img = image)
        {
            for (var offset = 0; offset < 200; offset += 7)
            {
                var expected = RowKernels.PatchDistance(img, img + offset + width, width, k, float.MaxValue, SimdLevel.Scalar);
                double naive = 0;
                for (var r = 0; r < k; r++)
                {
                    for (var c = 0; c < k; c++)
                    {
                        double d = image[(r * width) + c] - image[offset + width + (r * width) + c];
                        naive += d * d;
                    }
                }

                Assert.Equal(naive, expected, 1e-3);
                foreach (var level in VectorLevels)
                {
                    Assert.Equal(expected, RowKernels.PatchDistance(img, img + offset + width, width, k, float.MaxValue, level), 1e-3f);
                }
            }
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    public void PatchTransformsMatchScalar(int k)
    {
        var transform = PatchTransform.Dct(k);
        var patch = Random(k * k, 13);
        var expected = new float[k * k];
        var scratch = new float[k * k];
        fixed (float* p = patch, e = expected, s = scratch)
        {
            transform.Forward(p, k, e, s, SimdLevel.Scalar);
            foreach (var level in VectorLevels)
            {
                var actual = new float[k * k];
                fixed (float* a = actual)
                {
                    transform.Forward(p, k, a, s, level);
                }

                for (var i = 0; i < actual.Length; i++)
                {
                    Assert.Equal(expected[i], actual[i], 1e-4f);
                }
            }
        }
    }

    private static float[] Random(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }
}
