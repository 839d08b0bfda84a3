using Tacs.Host.Synthetic;
using Tacs.Host.Synthetic.Scenes;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Training;

namespace Tacs.Cli.Commands;

/// <summary>
/// Synthetic fluorescence training images for <c>tacs train drunet --scenes N</c>: scenes of the training structure
/// kinds captured once with Poisson–Gaussian camera noise over the whole range a blind network must cover, each put
/// on the network's scale with its true camera parameters (the clean scene is never given to the loss).
/// </summary>
internal static class TrainingScenes
{
    /// <summary>Peak signal range in photo-electrons, drawn log-uniformly.</summary>
    public const double LowestPeak = 0.5, HighestPeak = 200;

    /// <summary>Read-noise range in photo-electrons (uniform), and camera gain range (grey levels per photo-electron).</summary>
    public const double LowestRead = 0.5, HighestRead = 6, LowestGain = 0.5, HighestGain = 4;

    /// <summary>Camera baseline added to every pixel, grey levels.</summary>
    public const double Offset = 100;

    /// <summary>Reads <c>--scene-peaks LO,HI</c>; null gives the default range.</summary>
    /// <exception cref="ArgumentException">Not two numbers with 0.05 ≤ LO ≤ HI ≤ 100000.</exception>
    public static (double Low, double High) ParsePeaks(string? text)
    {
        if (text is null)
        {
            return (LowestPeak, HighestPeak);
        }

        var values = AddedNoise.Numbers(text);
        if (values is [var low, var high] && low >= 0.05 && high <= 100_000 && low <= high)
        {
            return (low, high);
        }

        throw new ArgumentException($"--scene-peaks must be LO,HI photo-electrons with 0.05 ≤ LO ≤ HI ≤ 100000, e.g. 3,200; got '{text}'.");
    }

    /// <summary>Draws <paramref name="count"/> noisy scenes of <paramref name="size"/>² cycling through <paramref name="kinds"/>.</summary>
    public static List<TrainingImage> Draw(int count, int size, IReadOnlyList<StructureKind> kinds, int seed, Serilog.ILogger log, (double Low, double High)? peaks = null)
    {
        var (lowPeak, highPeak) = peaks ?? (LowestPeak, HighestPeak);
        var random = new Random(HashSeed(seed));
        var images = new List<TrainingImage>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = kinds[i % kinds.Count];
            var scene = StructureScene.Draw(kind, size, size, random);
            var peak = lowPeak * Math.Pow(highPeak / lowPeak, random.NextDouble());
            var gain = LowestGain + ((HighestGain - LowestGain) * random.NextDouble());
            var read = LowestRead + ((HighestRead - LowestRead) * random.NextDouble());
            var camera = new NoiseModel(gain, read * gain, Offset);
            var clean = scene.Select(v => (float)(v * peak * gain)).ToArray();
            var noisy = new float[clean.Length];
            camera.Apply(clean, noisy, random);
            var prepared = PreparedImage.From(noisy, size, size, Tacs.Sdk.Frames.SampleFormat.Float32, NoiseSpec.Mixed(gain, read * gain, Offset));
            images.Add(new TrainingImage(prepared.Values, size, size, prepared.Sigma, null, prepared.Photons));
            if (i < 2 || i == count - 1)
            {
                log.Information("Scene {Index}/{Count}: {Kind}, peak {Peak:F1} photo-electrons, read noise {Read:F1} e⁻, gain {Gain:F2}; σ on network scale {Sigma:F4}", i + 1, count, kind, peak, read, gain, prepared.Sigma);
            }
        }

        return images;
    }

    // Scenes get their own stream, so adding --scenes does not change the noise drawn for the input images.
    private static int HashSeed(int seed) => unchecked((seed * 7919) + 104_729);
}
