using Tacs.Torch.Inference;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Inference;

public sealed class PixelShuffleTests
{
    [Theory]
    [InlineData(5, 7)]
    [InlineData(4, 4)]
    [InlineData(9, 2)]
    public void TheFourSubImagesHoldEveryPixelOnceAndPutThemBack(int width, int height)
    {
        var frame = Enumerable.Range(0, width * height).Select(i => (float)i).ToArray();
        var rebuilt = Enumerable.Repeat(-1f, frame.Length).ToArray();
        var taken = new List<float>();
        for (var index = 0; index < PixelShuffle.Count; index++)
        {
            var (sub, w, h) = PixelShuffle.Take(frame, width, height, index);
            Assert.Equal(w * h, sub.Length);
            taken.AddRange(sub);
            PixelShuffle.Put(sub, rebuilt, width, height, index);
        }

        Assert.Equal(frame.OrderBy(v => v), taken.OrderBy(v => v));
        Assert.Equal(frame, rebuilt);

        // Sub-image 1 starts at pixel (1, 0) and steps by two.
        var (second, secondWidth, _) = PixelShuffle.Take(frame, width, height, 1);
        Assert.Equal(1f, second[0]);
        Assert.Equal(3f, second[1]);
        Assert.Equal((width - 1 + 1) / 2, secondWidth);
    }

    [Fact]
    public void AWrongSizedSubImageOrIndexIsRefused()
    {
        var frame = new float[6 * 6];
        Assert.Throws<ArgumentException>(() => PixelShuffle.Put(new float[8], frame, 6, 6, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelShuffle.Take(frame, 6, 6, 4));
        Assert.Throws<ArgumentException>(() => PixelShuffle.Take(frame, 5, 6, 0));
    }

    [Fact]
    public void TheGridLevelIsTheSigmaOfWhiteNoiseAndZeroOnSmoothFrames()
    {
        const int side = 128;
        var random = new Random(3);
        var noisy = new float[side * side];
        for (var i = 0; i < noisy.Length; i++)
        {
            noisy[i] = 10 + (float)(2 * Synthetic.Gaussian(random));
        }

        Assert.InRange(PixelShuffle.GridLevel(noisy, side, side), 1.85, 2.15);

        // A plane has no 2 × 2 diagonal detail at all.
        var plane = Enumerable.Range(0, side * side).Select(i => (0.3f * (i % side)) + (0.7f * (i / side))).ToArray();
        Assert.Equal(0, PixelShuffle.GridLevel(plane, side, side), 3);

        // A grid on the bright half is measured; the dark half is left out, so its level is the grid's own.
        var gridded = Enumerable.Range(0, side * side).Select(i => i / side < side / 2 ? 0f : 100f + ((((i % side) + (i / side)) % 2 == 0) ? 1f : -1f)).ToArray();
        Assert.Equal(2, PixelShuffle.GridLevel(gridded, side, side), 3);
    }
}
