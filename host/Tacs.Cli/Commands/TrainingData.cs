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
    /// Turns frames into training images. With <paramref name="addNoise"/> &gt; 0, Gaussian noise of that σ is added
    /// once, with the seed, to each frame (for experiments on clean collections such as BSD68): the loss then only
    /// ever sees that fixed noisy version, exactly as if the noisy images had been given.
    /// </summary>
    public static List<TrainingImage> Prepare(List<ImageFrame> noisy, List<ImageFrame>? clean, NoiseSpec noise, double addNoise, int seed, Serilog.ILogger log)
    {
        if (clean is not null && clean.Count != noisy.Count)
        {
            throw new ArgumentException($"--clean gives {clean.Count} image(s) but the input {noisy.Count}; they must pair up in name order.");
        }

        var random = new Random(seed);
        var images = new List<TrainingImage>();
        for (var i = 0; i < noisy.Count; i++)
        {
            var frame = noisy[i];
            var pixels = frame.Pixels;
            var spec = noise;
            if (addNoise > 0)
            {
                pixels = new float[frame.Pixels.Length];
                for (var p = 0; p < pixels.Length; p++)
                {
                    pixels[p] = (float)(frame.Pixels[p] + (addNoise * NoiseModel.Gaussian(random)));
                }

                spec = spec with { Sigma = spec.Sigma ?? addNoise };
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
            if (i < 3 || i == noisy.Count - 1)
            {
                log.Information("Training image {Index}/{Count}: {Width}×{Height}, {Noise}, σ on network scale {Sigma:F4}", i + 1, noisy.Count, frame.Width, frame.Height, prepared.Description, prepared.Sigma);
            }
        }

        return images;
    }

}
