using System.Security.Cryptography;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Tensors;
using Tacs.Torch.Model;
using Tacs.Torch.Onnx;
using Tacs.Torch.Weights;
using static TorchSharp.torch;

namespace Tacs.BioImageIO.Export;

/// <summary>
/// Writes a BioImage.IO 0.5 model package for a tacs DRUNet: the ONNX graph (<see cref="DrunetOnnx"/>), test input and
/// output tensors (the output computed by TorchSharp, so <c>tacs models test</c> checks the ONNX graph against the
/// original network), a cover image, documentation, authors, licence, citations and the training command.
/// </summary>
public static class DrunetPackageExporter
{
    /// <summary>Percentiles the package's scale_range preprocessing maps to 0 and 1, as tacs scales non-8-bit images for DRUNet.</summary>
    public const double LowPercentile = 0.1;

    /// <summary>See <see cref="LowPercentile"/>.</summary>
    public const double HighPercentile = 99.9;

    /// <summary>The input preprocessing written into every exported package.</summary>
    public static IReadOnlyList<ProcessingStep> Preprocessing { get; } =
    [
        new("scale_range", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["axes"] = new List<object?> { "y", "x" },
            ["min_percentile"] = "0.1",
            ["max_percentile"] = "99.9",
        }),
    ];

    /// <summary>What was written.</summary>
    /// <param name="Folder">The package folder.</param>
    /// <param name="Files">File names in it.</param>
    /// <param name="Sigma">Noise level built into the graph (0–1 scale).</param>
    public sealed record Result(string Folder, IReadOnlyList<string> Files, double Sigma);

    /// <summary>Writes the package into <paramref name="folder"/> (created; files of the same names replaced).</summary>
    /// <param name="network">The network.</param>
    /// <param name="metadata">Its weights metadata (training command, method, σ).</param>
    /// <param name="weightsName">File name of the weights, for the documentation.</param>
    /// <param name="sample">A noisy sample image for the test tensors and cover, row-major.</param>
    /// <param name="width">Its width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="options">Name, authors, licence, σ.</param>
    /// <param name="folder">Where to write.</param>
    /// <exception cref="ArgumentException">Weights for Poisson–Gaussian data (the Anscombe transform is no BioImage.IO step), no usable σ, or a sample smaller than 32×32.</exception>
    public static Result Export(DrunetNetwork network, WeightsMetadata metadata, string weightsName, float[] sample, int width, int height, ExportOptions options, string folder)
    {
        // Weights trained on a mix of Gaussian and camera data (the blind default) also denoise Gaussian noise, which is
        // what a package can express; weights for camera noise alone need the Anscombe transform, which it cannot.
        if (metadata.NoiseModel is not ("gaussian" or "mixed"))
        {
            throw new ArgumentException($"{weightsName} was trained for {metadata.NoiseModel} noise through the Anscombe transform, which BioImage.IO processing cannot express; export weights trained with --noise gaussian (or on mixed data).");
        }

        var sigma = options.Sigma ?? metadata.TrainingSigma;
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentException($"{weightsName} records no training noise level (method {metadata.Method}); give the noise level the package should assume with --sigma (0–1 scale of the normalised image).");
        }

        // A centred crop whose sides are multiples of 8 (three 2× down-samplings), at most 256 pixels, keeps the test small.
        var (input, w, h) = Crop(sample, width, height, 256);
        var raw = new NdTensor([1, 1, h, w], ["batch", "channel", "y", "x"], input);
        var prepared = Processor.Apply(raw, Preprocessing);
        var output = RunTorch(network, prepared.Data, w, h, sigma);

        Directory.CreateDirectory(folder);
        var onnx = DrunetOnnx.Build(network, sigma, options.TacsVersion);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["weights.onnx"] = onnx,
            ["test_input.npy"] = NpyFile.Write(raw.Shape, raw.Data),
            ["test_output.npy"] = NpyFile.Write([1, 1, h, w], output),
            ["cover.png"] = Cover(prepared.Data, output, w, h),
        };
        var sha = files.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value)), StringComparer.Ordinal);
        files["README.md"] = System.Text.Encoding.UTF8.GetBytes(PackageDocuments.Readme(metadata, weightsName, options, sigma));
        files["bioimageio.yaml"] = System.Text.Encoding.UTF8.GetBytes(PackageDocuments.Description(metadata, network, options, sigma, sha));
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return new Result(folder, [.. files.Keys], sigma);
    }

    /// <summary>The network's output for a prepared (0–1 scaled) image, through TorchSharp.</summary>
    public static float[] RunTorch(DrunetNetwork network, float[] prepared, int width, int height, double sigma)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.eval();
        var image = tensor(prepared, [1, 1, height, width]);
        var result = network.Denoise(image, tensor(new[] { (float)sigma }));
        return result.contiguous().data<float>().ToArray();
    }

    private static (float[] Pixels, int Width, int Height) Crop(float[] pixels, int width, int height, int limit)
    {
        var w = Math.Min(limit, width / 8 * 8);
        var h = Math.Min(limit, height / 8 * 8);
        if (w < 32 || h < 32)
        {
            throw new ArgumentException($"The sample image is {width}×{height}; the test tensors need at least 32×32 pixels.");
        }

        var (x0, y0) = ((width - w) / 2, (height - h) / 2);
        var crop = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(pixels, ((y0 + y) * width) + x0, crop, y * w, w);
        }

        return (crop, w, h);
    }

    // Input and output side by side on the network's 0–1 scale, 8 bits.
    private static byte[] Cover(float[] input, float[] output, int width, int height)
    {
        var pixels = new byte[2 * width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * 2 * width) + x] = Byte(input[(y * width) + x]);
                pixels[(y * 2 * width) + width + x] = Byte(output[(y * width) + x]);
            }
        }

        return PngWriter.Grey(pixels, 2 * width, height);

        static byte Byte(float v) => (byte)Math.Clamp(MathF.Round(v * 255), 0, 255);
    }
}
