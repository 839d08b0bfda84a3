using Tacs.Plugins.Bm3d.Simd;
using Tacs.Plugins.Bm3d.Transforms;

namespace Tacs.Plugins.Bm3d.Tests.Transforms;

public unsafe class TransformTests
{
    public static TheoryData<string, int> Transforms => new() { { "bior1.5", 8 }, { "dct", 8 }, { "dct", 12 }, { "bior1.5", 16 } };

    [Theory]
    [MemberData(nameof(Transforms))]
    public void InverseUndoesForwardOnRandomPatches(string name, int k)
    {
        var transform = name == "dct" ? PatchTransform.Dct(k) : PatchTransform.Bior15(k);
        var random = new Random(3);
        var patch = new float[k * k];
        var coefficients = new float[k * k];
        var back = new float[k * k];
        var scratch = new float[k * k];
        for (var trial = 0; trial < 20; trial++)
        {
            for (var i = 0; i < patch.Length; i++)
            {
                patch[i] = (float)(random.NextDouble() * 255);
            }

            fixed (float* p = patch, c = coefficients, b = back, s = scratch)
            {
                transform.Forward(p, k, c, s, SimdSupport.Best);
                transform.Inverse(c, b, s, SimdSupport.Best);
            }

            for (var i = 0; i < patch.Length; i++)
            {
                Assert.Equal(patch[i], back[i], 0.002f);
            }
        }
    }

    [Fact]
    public void DctIsOrthonormal()
    {
        foreach (var n in new[] { 8, 12 })
        {
            var m = TransformMatrices.Dct(n);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    double dot = 0;
                    for (var t = 0; t < n; t++)
                    {
                        dot += m[i, t] * m[j, t];
                    }

                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Bior15PutsAConstantPatchIntoTheFirstCoefficientOnly()
    {
        var m = TransformMatrices.Bior15(8);
        for (var i = 0; i < 8; i++)
        {
            double rowSum = 0;
            for (var j = 0; j < 8; j++)
            {
                rowSum += m[i, j];
            }

            // Approximation row: √8 for an orthonormal-like DC; every detail row must ignore a constant.
            Assert.Equal(i == 0 ? Math.Sqrt(8) : 0.0, rowSum, 1e-9);
        }
    }

    [Fact]
    public void Bior15FinestDetailsAreHaarDifferences()
    {
        var m = TransformMatrices.Bior15(8);

        // Rows 4–7 are the finest details: (x[2k+1] − x[2k])/√2, the Haar high-pass of bior1.5.
        for (var k = 0; k < 4; k++)
        {
            for (var j = 0; j < 8; j++)
            {
                var expected = j == (2 * k) + 1 ? Math.Sqrt(0.5) : j == 2 * k ? -Math.Sqrt(0.5) : 0;
                Assert.Equal(expected, m[4 + k, j], 1e-12);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(32)]
    public void WalshHadamardMatchesTheHadamardMatrixAndIsItsOwnInverse(int n)
    {
        const int rowLength = 13;
        var random = new Random(n);
        var data = new float[n * rowLength];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var original = (float[])data.Clone();
        fixed (float* d = data)
        {
            WalshHadamard.Transform(d, n, rowLength, SimdSupport.Best);
        }

        // H[i,j] = (−1)^popcount(i & j) / √n
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < rowLength; c++)
            {
                double expected = 0;
                for (var j = 0; j < n; j++)
                {
                    var sign = System.Numerics.BitOperations.PopCount((uint)(i & j)) % 2 == 0 ? 1 : -1;
                    expected += sign * original[(j * rowLength) + c];
                }

                Assert.Equal(expected / Math.Sqrt(n), data[(i * rowLength) + c], 1e-5);
            }
        }

        fixed (float* d = data)
        {
            WalshHadamard.Transform(d, n, rowLength, SimdSupport.Best);
        }

        for (var i = 0; i < data.Length; i++)
        {
            Assert.Equal(original[i], data[i], 1e-5f);
        }
    }

    [Fact]
    public void WalshHadamardRejectsGroupsThatAreNotPowersOfTwo()
    {
        var data = new float[3 * 4];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            fixed (float* d = data)
            {
                WalshHadamard.Transform(d, 3, 4, SimdLevel.Scalar);
            }
        });
        Assert.Contains("power of two", error.Message, StringComparison.Ordinal);
    }
}
