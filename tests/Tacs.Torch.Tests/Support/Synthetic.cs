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

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
