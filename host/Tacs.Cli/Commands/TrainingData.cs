using Tacs.Host.Imaging;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;
using Tacs.Torch.Inference;
using Tacs.Torch.Noise;
using Tacs.Torch.Training;

namespace Tacs.Cli.Commands;

/// <summary>Reads training images (a folder, a stack or one file) and puts them on the network's scale.</summary>
internal static class TrainingData
{
    /// <summary>Every page of every readable image under <paramref name="input"/>, in name order.</summary>
    public static List<ImageFrame> ReadFrames(string input, int maxImages, Serilog.ILogger log)
    {
        var files = Directory.Exists(input) ? ImageFiles.InFolder(input)
            : File.Exists(input) ? [input]
            : throw new FileNotFoundException($"Training input {input} is neither a folder nor a file.");
        if (files.Count == 0)
        {
            throw new ArgumentException($"{input} holds no readable images (.tif, .tiff, .png, .jpg).");
        }

        var frames = new List<ImageFrame>();
        var unreadable = new List<string>();
        foreach (var file in files)
        {
            try
            {
                using var source = ImageFiles.Open(file);
                for (var page = 0; page < source.PageCount && frames.Count < maxImages; page++)
                {
                    frames.Add(source.ReadPage(page));
                }
            }
            catch (ImageReadException ex)
            {
                unreadable.Add(Path.GetFileName(file));
                log.Warning("Skipping unreadable training image: {Message}", ex.Message);
            }

            if (frames.Count >= maxImages)
            {
                break;
            }
        }

        if (frames.Count == 0)
        {
            throw new ArgumentException($"None of the {files.Count} image(s) in {input} could be read ({string.Join(", ", unreadable.Take(5))}).");
        }

        return frames;
    }

    /// <summary>
    /// Turns frames into training images. With <paramref name="added"/>, Gaussian noise is added once, with the seed,
    /// to each frame (for clean collections such as BSD68): the loss then only ever sees that fixed noisy version,
    /// exactly as if the noisy images had been given. A range makes several copies of each frame, each with its own σ.
    /// </summary>
    public static List<TrainingImage> Prepare(List<ImageFrame> noisy, List<ImageFrame>? clean, NoiseSpec noise, AddedNoise? added, int seed, Serilog.ILogger log)
    {
        if (clean is not null && clean.Count != noisy.Count)
        {
            throw new ArgumentException($"--clean gives {clean.Count} image(s) but the input {noisy.Count}; they must pair up in name order.");
        }

        var random = new Random(seed);
        var images = new List<TrainingImage>();
        var copies = added?.Copies ?? 1;
        for (var n = 0; n < noisy.Count * copies; n++)
        {
            var i = n / copies;
            var frame = noisy[i];
            var pixels = frame.Pixels;
            var spec = noise;
            if (added is { } extra)
            {
                // A single level draws nothing here, so the noise of a fixed --add-noise stays what it always was.
                var sigma = extra.Low == extra.High ? extra.Low : extra.Low + ((extra.High - extra.Low) * random.NextDouble());
                pixels = new float[frame.Pixels.Length];
                for (var p = 0; p < pixels.Length; p++)
                {
                    pixels[p] = (float)(frame.Pixels[p] + (sigma * NoiseModel.Gaussian(random)));
                }

                spec = spec with { Sigma = spec.Sigma ?? sigma };
            }

            var prepared = PreparedImage.From(pixels, frame.Width, frame.Height, frame.SourceFormat, spec);
            float[]? cleanValues = null;
            if (clean is not null)
            {
                var reference = clean[i];
                if (reference.Width != frame.Width || reference.Height != frame.Height)
                {
                    throw new ArgumentException($"Clean image {i + 1} is {reference.Width}×{reference.Height}, its noisy pair {frame.Width}×{frame.Height}.");
                }

                // The clean image goes through the same mapping as its noisy pair (minus the noise).
                cleanValues = prepared.Reference(reference.Pixels);
            }

            images.Add(new TrainingImage(prepared.Values, frame.Width, frame.Height, prepared.Sigma, cleanValues, prepared.Photons));
            if (n < 3 || n == (noisy.Count * copies) - 1)
            {
                log.Information("Training image {Index}/{Count}: {Width}×{Height}, {Noise}, σ on network scale {Sigma:F4}", n + 1, noisy.Count * copies, frame.Width, frame.Height, prepared.Description, prepared.Sigma);
            }
        }

        return images;
    }
}

/// <summary>Gaussian noise added once to clean training images: σ drawn uniformly in [Low, High] (image units) for each of
/// <paramref name="Copies"/> copies of every image.</summary>
internal sealed record AddedNoise(double Low, double High, int Copies)
{
    /// <summary>Parses <c>--add-noise S</c> or <c>--add-noise LO,HI</c> with <c>--noise-copies K</c>; null when no noise is added.</summary>
    /// <exception cref="ArgumentException">Values that are not numbers, negative, reversed, or copies outside 1–64.</exception>
    public static AddedNoise? Parse(string? text, int copies)
    {
        if (copies is < 1 or > 64)
        {
            throw new ArgumentException($"--noise-copies must be 1–64; got {copies}.");
        }

        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "0")
        {
            return copies == 1 ? null : throw new ArgumentException("--noise-copies needs --add-noise.");
        }

        var values = Numbers(text);
        if (values.Length is < 1 or > 2 || values.Any(v => !(v >= 0 && v <= 1e6)) || (values.Length == 2 && values[1] < values[0]))
        {
            throw new ArgumentException($"--add-noise takes a σ ≥ 0 or a range LO,HI with LO ≤ HI (image units); got '{text}'.");
        }

        return new AddedNoise(values[0], values[^1], copies);
    }

    /// <summary>The comma-separated numbers of an option such as <c>LO,HI</c> (invariant culture); NaN for each part that is
    /// not a finite number, so a caller's range check refuses it.</summary>
    internal static double[] Numbers(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(p => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : double.NaN)];
}
