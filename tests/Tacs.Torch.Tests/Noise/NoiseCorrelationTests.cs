using Tacs.Torch.Noise;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Noise;

public sealed class NoiseCorrelationTests
{
    private const int Side = 256;

    [Fact]
    public void WhiteNoiseGivesTheWhiteValueBothWays()
    {
        var white = Noise(new Random(1), Side * Side);
        var (row, column) = NoiseCorrelation.Neighbours(white, Side, Side);
        Assert.InRange(row, NoiseCorrelation.White - 0.015, NoiseCorrelation.White + 0.015);
        Assert.InRange(column, NoiseCorrelation.White - 0.015, NoiseCorrelation.White + 0.015);
    }

    [Fact]
    public void NoiseSharedAlongRowsRaisesTheRowValueOnly()
    {
        // Each pixel takes its own noise and 60 % of its right neighbour's, as a scanning confocal's rows can.
        var white = Noise(new Random(2), (Side * Side) + 1);
        var shared = Enumerable.Range(0, Side * Side).Select(i => white[i] + (0.6f * white[i + 1])).ToArray();
        var (row, column) = NoiseCorrelation.Neighbours(shared, Side, Side);
        Assert.True(row > 0.3, $"row correlation {row:F3}");
        Assert.True(column < 0, $"column correlation {column:F3}: only the rows share noise");

        // The same noise shared down the columns instead: the measure follows the direction.
        var down = Enumerable.Range(0, Side * Side).Select(i => white[i] + (0.6f * white[(i + Side) % (Side * Side)])).ToArray();
        Assert.True(NoiseCorrelation.Neighbours(down, Side, Side).Column > 0.3);
    }

    [Fact]
    public void TinyFramesGiveZeroAndInconsistentOnesAreRefused()
    {
        Assert.Equal((0.0, 0.0), NoiseCorrelation.Neighbours(new float[15 * 15], 15, 15));
        Assert.Equal((0.0, 0.0), NoiseCorrelation.Neighbours(new float[20 * 20], 20, 20));
        Assert.Throws<ArgumentException>(() => NoiseCorrelation.Neighbours(new float[10], 4, 4));
    }

    [Fact]
    public void InFlatBlocksStructureDoesNotPassForSharedNoiseButSharedRowsDo()
    {
        // Bright fibres with white noise: the 5 × 5 measure above is raised by the structure, the flat blocks are not.
        var random = new Random(5);
        var scene = Tacs.Host.Synthetic.Scenes.StructureScene.Draw(Tacs.Host.Synthetic.Scenes.StructureKind.Fibres, Side, Side, random);
        var white = Noise(random, (Side * Side) + 1);
        var bright = scene.Select((v, i) => (300f * v) + (MathF.Sqrt((300f * v) + 4) * white[i])).ToArray();
        var flat = NoiseCorrelation.InFlatBlocks(bright, Side, Side);
        Assert.False(NoiseCorrelation.SharedAlongOneDirection(flat), $"white noise read as shared: {flat}");

        var shared = scene.Select((v, i) => (30f * v) + (MathF.Sqrt((30f * v) + 4) * (white[i] + (0.6f * white[i + 1])) / 1.17f)).ToArray();
        var sharedFlat = NoiseCorrelation.InFlatBlocks(shared, Side, Side);
        Assert.True(NoiseCorrelation.SharedAlongOneDirection(sharedFlat), $"row-shared noise missed: {sharedFlat}");
        Assert.True(sharedFlat.Row > sharedFlat.Column);

        Assert.Equal((0.0, 0.0), NoiseCorrelation.InFlatBlocks(new float[31 * 40], 31, 40));
        Assert.Equal((0.0, 0.0), NoiseCorrelation.InFlatBlocks(new float[64 * 64], 64, 64));
    }

    private static float[] Noise(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)Synthetic.Gaussian(random)).ToArray();
}
