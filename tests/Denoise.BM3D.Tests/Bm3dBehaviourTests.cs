using Tacs.Host.Quality;
using Tacs.Plugins.Bm3d.Simd;

namespace Tacs.Plugins.Bm3d.Tests;

public class Bm3dBehaviourTests
{
    private static float[] Run(float[] pixels, int width, int height, double sigma, string profile = "reference", int threads = 2, SimdLevel? level = null) =>
        Bm3dAlgorithm.Denoise(pixels, width, height, sigma, 255, profile, threads, level ?? SimdSupport.Best, CancellationToken.None);

    [Fact]
    public void AConstantImageStaysConstant()
    {
        var pixels = Enumerable.Repeat(117.5f, 70 * 53).ToArray();
        var output = Run(pixels, 70, 53, 20);
        Assert.All(output, v => Assert.Equal(117.5f, v, 0.01f));
    }

    [Fact]
    public void PureNoiseVarianceDropsByTheExpectedFactor()
    {
        // Flat grey plus σ=20 noise. Every output pixel averages many patch estimates of groups of 16–32 patches
        // that carry only their mean (all other 3D coefficients are below the threshold): the variance must drop
        // by well over the group size; a filter that does not collaborate (plain patch-wise thresholding) cannot.
        const int size = 128;
        const double sigma = 20;
        var noisy = TestData.AddGaussian(Enumerable.Repeat(100f, size * size).ToArray(), sigma, 8);
        var output = Run(noisy, size, size, sigma);
        var ratio = TestData.Variance(noisy) / TestData.Variance(output);
        Assert.True(ratio > 50, $"variance dropped only by {ratio:F1}×");
        Assert.Equal(100.0, output.Average(), 0.5);
    }

    [Theory]
    [InlineData("01", 29.0)]
    [InlineData("02", 32.0)]
    public void Set12PsnrAtSigma25IsAboveTheFloor(string image, double floor)
    {
        var clean = TestData.ReadSet12(image);
        var noisy = TestData.AddGaussian(clean.Pixels, 25, 100);
        var output = Run(noisy, clean.Width, clean.Height, 25);
        var psnr = ImageQuality.Psnr(clean.Pixels, output, 255);
        Assert.True(psnr >= floor, $"PSNR {psnr:F2} dB on Set12 {image} is below {floor} dB");
    }

    [Fact]
    public void FastProfileStaysCloseToReferenceOnARealImage()
    {
        var clean = TestData.ReadSet12("02");
        var noisy = TestData.AddGaussian(clean.Pixels, 25, 100);
        var reference = ImageQuality.Psnr(clean.Pixels, Run(noisy, clean.Width, clean.Height, 25), 255);
        var fast = ImageQuality.Psnr(clean.Pixels, Run(noisy, clean.Width, clean.Height, 25, "fast"), 255);
        Assert.InRange(fast, reference - 0.6, reference + 0.1);
    }

    [Fact]
    public void TheSameInputGivesTheSameOutputWhateverTheThreadCount()
    {
        var noisy = TestData.AddGaussian(TestData.SmoothScene(97, 61), 15, 5);
        var first = Run(noisy, 97, 61, 15, threads: 2);
        var second = Run(noisy, 97, 61, 15, threads: 2);
        var single = Run(noisy, 97, 61, 15, threads: 1);
        Assert.Equal(first, second);
        Assert.Equal(first, single);
    }

    [Fact]
    public void ScalarAndSimdPathsGiveTheSameImage()
    {
        var noisy = TestData.AddGaussian(TestData.SmoothScene(64, 50), 25, 6);
        var simd = Run(noisy, 64, 50, 25);
        var scalar = Run(noisy, 64, 50, 25, level: SimdLevel.Scalar);
        for (var i = 0; i < simd.Length; i++)
        {
            Assert.Equal(scalar[i], simd[i], 0.05f);
        }
    }

    [Fact]
    public void HighNoiseSettingsRunAndDenoise()
    {
        var clean = TestData.SmoothScene(80, 80);
        var noisy = TestData.AddGaussian(clean, 60, 2);
        var output = Run(noisy, 80, 80, 60);
        Assert.True(ImageQuality.Psnr(clean, output, 255) > ImageQuality.Psnr(clean, noisy, 255) + 8);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 300)]
    [InlineData(300, 7)]
    [InlineData(9, 9)]
    public void TinyAndThinImagesGiveFiniteOutputOfTheSameSize(int width, int height)
    {
        var clean = TestData.SmoothScene(width, height);
        var noisy = TestData.AddGaussian(clean, 10, 1);
        var output = Run(noisy, width, height, 10);
        Assert.Equal(width * height, output.Length);
        Assert.All(output, v => Assert.True(float.IsFinite(v)));
        if (width * height > 1)
        {
            Assert.True(ImageQuality.Psnr(clean, output, 255) > ImageQuality.Psnr(clean, noisy, 255));
        }
        else
        {
            Assert.Equal(noisy[0], output[0], 1e-3f);
        }
    }

    [Fact]
    public void SigmaZeroReturnsTheInput()
    {
        var noisy = TestData.AddGaussian(TestData.SmoothScene(20, 20), 5, 1);
        Assert.Equal(noisy, Run(noisy, 20, 20, 0));
    }

    [Fact]
    public void ScaleOfTheGreyLevelsDoesNotChangeTheResult()
    {
        // The same image on a 16-bit scale (×257) with σ×257 must give the 8-bit result ×257.
        var noisy = TestData.AddGaussian(TestData.SmoothScene(48, 48), 20, 3);
        var eight = Run(noisy, 48, 48, 20);
        var sixteen = Bm3dAlgorithm.Denoise(noisy.Select(v => v * 257f).ToArray(), 48, 48, 20 * 257, 65535, "reference", 2, SimdSupport.Best, CancellationToken.None);
        for (var i = 0; i < eight.Length; i++)
        {
            Assert.Equal(eight[i] * 257f, sixteen[i], 2f);
        }
    }
}
