using Tacs.Host.Imaging;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;

namespace Tacs.Plugins.Bm3d.Tests;

/// <summary>Shared data beside the repository, and seeded synthetic images.</summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRoot();

    public static string PluginsFolder => Path.Combine(System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(TestData).Assembly).First(a => a.Key == "TacsAppDir").Value!, "plugins");

    /// <summary>A file of ../shared/data; fails with a clear message when the folder is missing.</summary>
    public static string Shared(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", relative));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Test data {path} is missing: these tests need the shared data folder next to the repository (../shared/data, see its README.md).", path);
    }

    public static ImageFrame ReadSet12(string name)
    {
        using var source = ImageFiles.Open(Shared(Path.Combine("set12", name + ".png")));
        return source.ReadPage(0);
    }

    public static float[] AddGaussian(float[] clean, double sigma, int seed)
    {
        var random = new Random(seed);
        var noisy = new float[clean.Length];
        for (var i = 0; i < clean.Length; i++)
        {
            noisy[i] = (float)(clean[i] + (sigma * NoiseModel.Gaussian(random)));
        }

        return noisy;
    }

    /// <summary>A smooth test scene: gradients and soft discs, values 20–220.</summary>
    public static float[] SmoothScene(int width, int height)
    {
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = 20 + (100.0 * x / width) + (60.0 * y / height);
                var dx = x - (width * 0.6);
                var dy = y - (height * 0.4);
                v += 40 * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * 15.0 * 15.0));
                pixels[(y * width) + x] = (float)v;
            }
        }

        return pixels;
    }

    public static double Variance(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double sum = 0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / values.Length;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tacs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run from inside the repository (Tacs.sln not found above the test folder).");
    }
}
