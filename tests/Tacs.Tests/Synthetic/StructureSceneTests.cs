using Tacs.Host.Synthetic.Scenes;

namespace Tacs.Tests.Synthetic;

public sealed class StructureSceneTests
{
    public static TheoryData<StructureKind> Kinds() => [.. Enum.GetValues<StructureKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindDrawsTheSameSceneForTheSameSeedOnARelativeScale(StructureKind kind)
    {
        var first = StructureScene.Draw(kind, 96, 80, new Random(5));
        var again = StructureScene.Draw(kind, 96, 80, new Random(5));
        var other = StructureScene.Draw(kind, 96, 80, new Random(6));
        Assert.Equal(96 * 80, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, v => Assert.True(v >= 0 && float.IsFinite(v)));

        // Relative signal: the bright end of the structure is 1, and there is structure, not a flat field.
        var sorted = first.OrderBy(v => v).ToArray();
        Assert.InRange(sorted[(int)(0.999 * sorted.Length)], 0.99f, 1.01f);
        Assert.True(sorted[(int)(0.99 * sorted.Length)] > 2 * sorted[(int)(0.05 * sorted.Length)], $"{kind}: 99th percentile {sorted[(int)(0.99 * sorted.Length)]}, 5th {sorted[(int)(0.05 * sorted.Length)]}");
    }

    [Fact]
    public void TrainingAndHeldOutKindsDoNotOverlapAndCoverEveryKind()
    {
        Assert.Empty(StructureKinds.Training.Intersect(StructureKinds.HeldOut));
        Assert.Equal(Enum.GetValues<StructureKind>().Order(), StructureKinds.Training.Concat(StructureKinds.HeldOut).Order());
    }

    [Theory]
    [InlineData(8, 64)]
    [InlineData(64, 9000)]
    public void AbsurdSizesAreRefused(int width, int height) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StructureScene.Draw(StructureKind.Spots, width, height, new Random(1)));

    [Fact]
    public void KindNamesParseAndUnknownOnesSayWhatExists()
    {
        Assert.Equal(StructureKind.Fibres, StructureKinds.Parse("FIBRES"));
        var error = Assert.Throws<ArgumentException>(() => StructureKinds.Parse("blobs"));
        Assert.Contains("spots, membranes", error.Message, StringComparison.Ordinal);
    }
}
