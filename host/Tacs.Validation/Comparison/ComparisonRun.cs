using Tacs.Host.Batch;
using System.Diagnostics;
using System.Globalization;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;

namespace Tacs.Validation.Comparison;

/// <summary>Settings of <c>tacs compare</c>.</summary>
public sealed record CompareOptions
{
    /// <summary>Clean reference images.</summary>
    public required IReadOnlyList<string> CleanImages { get; init; }

    /// <summary>Noisy versions of the clean images (same order), or null to add Gaussian noise.</summary>
    public IReadOnlyList<string>? NoisyImages { get; init; }

    /// <summary>Standard deviations of the added noise, in the images' grey levels (not clipped).</summary>
    public IReadOnlyList<double> Sigmas { get; init; } = [15, 25, 50];

    /// <summary>Methods as chains.</summary>
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>Seed of the added noise (image i at level l uses a seed derived from both).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How long one method may take on one image (see <see cref="Chain.StepTimeout"/>), or null for no limit.</summary>
    public TimeSpan? StepTimeout { get; init; }
}

/// <summary>One image, one noise level, one method.</summary>
public sealed record CompareRow(string Image, string Level, string Method, double Psnr, double Ssim, double Milliseconds);

/// <summary>Ranks denoisers on images with clean references: PSNR, SSIM and time per image.</summary>
public static class ComparisonRun
{
    /// <summary>Runs every method on every image and noise level. A method that fails or times out on an image
    /// has no row for it; the failure is logged and added to <paramref name="failures"/>, and the others go on.</summary>
    /// <exception cref="ArgumentException">A method cannot be built, the pairs do not match, or an image is unreadable.</exception>
    public static IReadOnlyList<CompareRow> Run(CompareOptions options, PluginCatalog catalog, ILogger log, CancellationToken cancellation = default, ICollection<string>? failures = null) =>
        [.. Run(options, catalog, log, Tacs.Host.Batch.Shard.All, cancellation, failures).SelectMany(i => i.Rows)];

    /// <summary>Runs every method on the images of <paramref name="shard"/> (index mod N = K), image by image.</summary>
    /// <exception cref="ArgumentException">A method cannot be built, the pairs do not match, or an image is unreadable.</exception>
    public static IReadOnlyList<(int Image, IReadOnlyList<CompareRow> Rows)> Run(CompareOptions options, PluginCatalog catalog, ILogger log, Tacs.Host.Batch.Shard shard, CancellationToken cancellation = default, ICollection<string>? failures = null)
    {
        if (options.CleanImages.Count == 0)
        {
            throw new ArgumentException("No clean images to compare on.");
        }

        if (options.NoisyImages is { } pairs && pairs.Count != options.CleanImages.Count)
        {
            throw new ArgumentException($"{options.CleanImages.Count} clean images but {pairs.Count} noisy ones: give one noisy image per clean image (same file names).");
        }

        var chains = new List<(string Name, Chain Chain)>();
        foreach (var text in options.Methods)
        {
            try
            {
                var chain = ChainBuilder.Build(text, catalog, log).WithStepTimeout(options.StepTimeout);
                chains.Add((chain.ToString(), chain));
            }
            catch (ChainException ex)
            {
                throw new ArgumentException($"Method '{text}' cannot be used: {ex.Message}", ex);
            }
        }

        var result = new List<(int, IReadOnlyList<CompareRow>)>();
        foreach (var i in shard.Units(options.CleanImages.Count))
        {
            var rows = new List<CompareRow>();
            result.Add((i, rows));
            var clean = Read(options.CleanImages[i]);
            var peak = clean.SourceFormat == SampleFormat.UInt8 ? 255.0 : clean.Pixels.Max() - clean.Pixels.Min();
            var name = Path.GetFileName(options.CleanImages[i]);
            var levels = options.NoisyImages is { } noisyFiles
                ? [("pair", Read(noisyFiles[i]))]
                : options.Sigmas.Select((sigma, l) => (string.Create(CultureInfo.InvariantCulture, $"σ={sigma:G}"), AddNoise(clean, sigma, NoiseSeed(options.Seed, i, l)))).ToList();
            foreach (var (level, noisy) in levels)
            {
                if (noisy.Width != clean.Width || noisy.Height != clean.Height)
                {
                    throw new ArgumentException($"{name}: the noisy image is {noisy.Width}×{noisy.Height}, the clean one {clean.Width}×{clean.Height}.");
                }

                rows.Add(Score(name, level, "noisy", clean, noisy.Pixels, peak, 0));
                foreach (var (method, chain) in chains)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var output = chain.Process(noisy, cancellation);
                        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        rows.Add(Score(name, level, method, clean, output.Pixels, peak, ms));
                    }
                    catch (StepFailedException ex)
                    {
                        var failure = $"{name} {level} {method}: {ex.Message}";
                        log.Error("{Failure}; the method has no score for this image", failure);
                        failures?.Add(failure);
                    }
                }

                log.Information("[{Index}/{Total}] {Image} {Level}: {Scores}", i + 1, options.CleanImages.Count, name, level,
                    string.Join(", ", rows.Where(r => r.Image == name && r.Level == level).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Method} {r.Psnr:F2} dB"))));
            }
        }

        return result;
    }

    private static CompareRow Score(string image, string level, string method, ImageFrame clean, float[] result, double peak, double ms) =>
        new(image, level, method, ImageQuality.Psnr(clean.Pixels, result, peak), ImageQuality.Ssim(clean.Pixels, result, clean.Width, clean.Height, peak), ms);

    private static ImageFrame Read(string path)
    {
        using var image = ImageFiles.Open(path);
        return image.ReadPage(0);
    }

    // HashCode.Combine is salted per process: the same --seed would give other noise in every run (and every shard).
    private static int NoiseSeed(int seed, int image, int level) => unchecked((seed * 73856093) ^ (image * 19349663) ^ (level * 83492791));

    private static ImageFrame AddNoise(ImageFrame clean, double sigma, int seed)
    {
        var random = new Random(seed);
        var noisy = clean.WithPixels(new float[clean.Pixels.Length]);
        for (var p = 0; p < clean.Pixels.Length; p++)
        {
            noisy.Pixels[p] = (float)(clean.Pixels[p] + (sigma * NoiseModel.Gaussian(random)));
        }

        return noisy;
    }
}
