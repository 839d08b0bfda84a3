using Tacs.Plugins.Bm3d.Matching;
using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Tests.Matching;

public unsafe class BlockMatcherTests
{
    [Fact]
    public void FindsAPlantedCopyOfTheReferencePatchRightAfterTheReference()
    {
        const int width = 64, height = 48, k = 8;
        var random = new Random(5);
        var image = Enumerable.Range(0, width * height).Select(_ => (float)(random.NextDouble() * 255)).ToArray();
        for (var r = 0; r < k; r++)
        {
            for (var c = 0; c < k; c++)
            {
                image[((30 + r) * width) + 40 + c] = image[((20 + r) * width) + 25 + c];
            }
        }

        var positions = new int[16];
        var distances = new float[16];
        int found;
        fixed (float* img = image)
        fixed (int* p = positions)
        fixed (float* d = distances)
        {
            found = BlockMatcher.FindSimilar(img, width, height, k, 25, 20, 19, float.MaxValue, 16, p, d, SimdSupport.Best);
        }

        Assert.Equal(16, found);
        Assert.Equal((20 * width) + 25, positions[0]);
        Assert.Equal((30 * width) + 40, positions[1]);
        Assert.Equal(0f, distances[1]);
        for (var i = 1; i < found; i++)
        {
            Assert.True(distances[i] >= distances[i - 1], "matches must be sorted by distance");
        }
    }

    [Fact]
    public void ThresholdLeavesOnlyTheReferenceWhenNothingIsSimilar()
    {
        const int width = 32, k = 8;
        var random = new Random(9);
        var image = Enumerable.Range(0, width * width).Select(_ => (float)(random.NextDouble() * 255)).ToArray();
        var positions = new int[16];
        var distances = new float[16];
        fixed (float* img = image)
        fixed (int* p = positions)
        fixed (float* d = distances)
        {
            Assert.Equal(1, BlockMatcher.FindSimilar(img, width, width, k, 10, 10, 8, 100f, 16, p, d, SimdSupport.Best));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(16, 16)]
    [InlineData(31, 16)]
    public void GroupSizeIsTheLargestPowerOfTwoNotAboveTheCount(int count, int expected) =>
        Assert.Equal(expected, BlockMatcher.GroupSize(count));
}
