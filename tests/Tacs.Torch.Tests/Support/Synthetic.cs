using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Tests.Support;

/// <summary>Small networks and images for fast tests.</summary>
internal static class Synthetic
{
    /// <summary>A tiny DRUNet (a few thousand weights), seeded.</summary>
    public static DrunetNetwork TinyNetwork(int seed = 3)
    {
        random.manual_seed(seed);
        var network = new DrunetNetwork(new DrunetOptions([4, 8, 8, 8], 1));
        network.eval();
        return network;
    }

    /// <summary>Smooth blobs and stripes on 0–1 with Gaussian noise of σ added.</summary>
    public static (float[] Clean, float[] Noisy) Image(int width, int height, double sigma, int seed)
    {
        var random = new Random(seed);
        var clean = new float[width * height];
        var noisy = new float[width * height];
        var fx = 0.05 + (0.1 * random.NextDouble());
        var fy = 0.05 + (0.1 * random.NextDouble());
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = 0.5 + (0.3 * Math.Sin(x * fx) * Math.Cos(y * fy)) + (((x / 12) + (y / 12)) % 2 == 0 ? 0.1 : -0.1);
                clean[(y * width) + x] = (float)value;
                noisy[(y * width) + x] = (float)(value + (sigma * Gaussian(random)));
            }
        }

        return (clean, noisy);
    }

    /// <summary>A standard normal sample: the host's sampler, so tests and synthetic data draw alike.</summary>
    public static double Gaussian(Random random) => Tacs.Host.Synthetic.NoiseModel.Gaussian(random);

    /// <summary>Clean and noisy 0–1 images of <paramref name="count"/> × side² stacked into one batch (seeds seed, seed+1, …).</summary>
    public static (float[] Clean, float[] Noisy) Batch(int count, int side, double sigma, int seed)
    {
        var clean = new float[count * side * side];
        var noisy = new float[clean.Length];
        for (var b = 0; b < count; b++)
        {
            var (c, n) = Image(side, side, sigma, seed + b);
            c.CopyTo(clean, b * side * side);
            n.CopyTo(noisy, b * side * side);
        }

        return (clean, noisy);
    }
}
