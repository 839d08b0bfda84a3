using Tacs.Host.Imaging;

namespace Models.BioImageIO.Tests.Support;

/// <summary>Shipped DRUNet weights and a real noisy test image.</summary>
internal static class DrunetFixtures
{
    public static string ShippedWeights(string name = "drunet-bsd68-r2r-s25.drunet") =>
        Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", name);

    /// <summary>Set12 image 02 (House, 256×256, 8-bit) with Gaussian noise σ = 25 grey levels, fixed seed.</summary>
    public static float[] NoisyHouse()
    {
        using var image = ImageFiles.Open(Repo.SharedData("set12/02.png"));
        var pixels = image.ReadPage(0).Pixels;
        var random = new Random(5);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] += (float)(25 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return pixels;
    }
}
