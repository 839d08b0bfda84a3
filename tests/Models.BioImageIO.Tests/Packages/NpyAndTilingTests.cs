using Models.BioImageIO.Tests.Support;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.BioImageIO.Tensors;

namespace Models.BioImageIO.Tests.Packages;

/// <summary>The hand-written .npy reader and writer, and the tile plans.</summary>
public sealed class NpyAndTilingTests
{
    [Fact]
    public void Npy_WriteThenRead_GivesTheSameArray()
    {
        float[] values = [1.5f, -2, float.MaxValue, 0, 3, 4];

        var bytes = NpyFile.Write([2, 3], values);
        var (shape, data) = NpyFile.Read(bytes, "round trip");

        Assert.Equal([2, 3], shape);
        Assert.Equal(values, data);
        Assert.Equal(0, (bytes.Length - (values.Length * 4)) % 64);
    }

    [Fact]
    public void Npy_SharedTestInput_HasTheDeclaredShape()
    {
        var (shape, data) = NpyFile.Read(File.ReadAllBytes(Path.Combine(SharedModel.Package, "test_input.npy")), "test_input.npy");

        Assert.Equal([1, 1, 512, 512], shape);
        Assert.Equal(512 * 512, data.Length);
    }

    [Fact]
    public void Npy_NotNpy_IsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read("hello, world"u8.ToArray(), "x.npy"));

        Assert.Contains("not a NumPy .npy file", error.Message);
    }

    [Theory]
    [InlineData(1024, 512, 32)]
    [InlineData(700, 256, 16)]
    [InlineData(100, 512, 32)]
    public void TilePlan_KeepsEveryPixelExactlyOnce_WithinTheHalo(int length, int tile, int halo)
    {
        var axis = new AxisDescription("x", AxisKind.Space) { Min = 64, Step = 16 };

        var plan = TilePlan.For(length, axis, halo, tile);

        var kept = new int[length];
        foreach (var (start, keep, count) in plan.Tiles)
        {
            Assert.True(plan.Tiles.Count == 1 || start >= 0 && start + plan.Window <= length);
            Assert.True(plan.Tiles.Count == 1 || keep - start >= halo || start == 0);
            Assert.True(plan.Tiles.Count == 1 || start + plan.Window - (keep + count) >= halo || start + plan.Window == length);
            for (var i = keep; i < keep + count; i++)
            {
                kept[i]++;
            }
        }

        Assert.All(kept, k => Assert.Equal(1, k));
        Assert.Equal(0, (plan.Window - 64) % 16);
    }

    [Fact]
    public void Mirror_ReflectsAtBothEnds()
    {
        Assert.Equal([2, 1, 0, 1, 2, 3, 2, 1], Enumerable.Range(-2, 8).Select(i => TilePlan.Mirror(i, 4)));
    }
}
