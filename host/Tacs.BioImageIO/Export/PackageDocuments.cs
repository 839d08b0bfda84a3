using System.Globalization;
using System.Text;
using System.Text.Json;
using Tacs.Torch.Model;
using Tacs.Torch.Onnx;
using Tacs.Torch.Weights;

namespace Tacs.BioImageIO.Export;

/// <summary>The bioimageio.yaml (format 0.5.4) and README.md of an exported DRUNet package.</summary>
internal static class PackageDocuments
{
    /// <summary>Halo declared on the output: pixels at each tile border a tiling runner should discard.</summary>
    public const int Halo = 32;

    public static string Description(WeightsMetadata metadata, DrunetNetwork network, ExportOptions options, double sigma, IReadOnlyDictionary<string, string> sha)
    {
        var y = new StringBuilder();
        var method = Citations.ForMethod(metadata.Method);
        y.AppendLine("format_version: 0.5.4");
        y.AppendLine("type: model");
        y.AppendLine($"name: {Q(options.Name)}");
        y.AppendLine($"description: {Q($"DRUNet denoiser trained by tacs with {Citations.MethodName(metadata.Method)} on {metadata.Data}; Gaussian noise, noise level {sigma.ToString("G4", CultureInfo.InvariantCulture)} on the 0-1 scale of the percentile-normalised image, built into the graph.")}");
        y.AppendLine("authors:");
        foreach (var author in options.Authors)
        {
            y.AppendLine($"  - name: {Q(author)}");
        }

        y.AppendLine("cite:");
        foreach (var reference in new[] { Citations.Drunet, method }.OfType<Citations.Reference>())
        {
            y.AppendLine($"  - text: {Q(reference.Text)}");
            y.AppendLine($"    url: {Q(reference.Url)}");
        }

        y.AppendLine($"license: {Q(options.License)}");
        y.AppendLine("tags: [denoising, fluorescence-light-microscopy, 2d, drunet, self-supervised, tacs, onnx]");
        y.AppendLine("documentation: README.md");
        y.AppendLine("covers: [cover.png]");
        y.AppendLine($"timestamp: {Q(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss+00:00", CultureInfo.InvariantCulture))}");
        y.AppendLine("inputs:");
        y.AppendLine("  - id: raw");
        y.AppendLine("    description: noisy single-channel image; sides multiples of 8");
        Axes(y, null);
        Test(y, "test_input.npy", sha);
        y.AppendLine("    preprocessing:");
        y.AppendLine("      - id: scale_range");
        y.AppendLine(string.Create(CultureInfo.InvariantCulture, $"        kwargs: {{axes: [y, x], min_percentile: {DrunetPackageExporter.LowPercentile}, max_percentile: {DrunetPackageExporter.HighPercentile}}}"));
        y.AppendLine("outputs:");
        y.AppendLine("  - id: denoised");
        y.AppendLine("    description: denoised image on the 0-1 scale of the normalised input (tacs maps it back to the input's intensities)");
        Axes(y, "raw");
        Test(y, "test_output.npy", sha);
        y.AppendLine("weights:");
        y.AppendLine("  onnx:");
        y.AppendLine("    source: weights.onnx");
        y.AppendLine($"    sha256: {sha["weights.onnx"]}");
        y.AppendLine($"    opset_version: {DrunetOnnx.Opset}");
        y.AppendLine($"    comment: {Q($"Graph written by tacs {options.TacsVersion} from the TorchSharp network ({network.Options}, {network.ParameterCount} weights).")}");
        y.AppendLine("config:");
        y.AppendLine("  tacs:");
        y.AppendLine($"    training_command: {Q(metadata.Command)}");
        if (metadata.Lineage.Count > 0 || metadata.EarlierCommands.Length > 0)
        {
            // Every command that shaped the weights, oldest first (earlier fine-tuning stages and resumed runs).
            y.AppendLine("    earlier_training_commands:");
            foreach (var command in metadata.Lineage.SelectMany(stage => stage.Commands).Concat(metadata.EarlierCommands))
            {
                y.AppendLine($"      - {Q(command)}");
            }
        }

        y.AppendLine($"    method: {Q(metadata.Method)}");
        y.AppendLine($"    noise_model: {Q(metadata.NoiseModel)}");
        y.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    training_sigma: {metadata.TrainingSigma}"));
        y.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    noise_level_in_graph: {sigma}"));
        y.AppendLine($"    channels: [{string.Join(", ", network.Options.Channels)}]");
        y.AppendLine($"    blocks_per_scale: {network.Options.BlocksPerScale}");
        y.AppendLine($"    steps: {metadata.Steps}");
        y.AppendLine($"    training_data: {Q(metadata.Data)}");
        y.AppendLine($"    weights_created: {Q(metadata.CreatedUtc)}");
        return y.ToString();
    }

    public static string Readme(WeightsMetadata metadata, string weightsName, ExportOptions options, double sigma)
    {
        var method = Citations.ForMethod(metadata.Method);
        var text = new StringBuilder();
        text.AppendLine($"# {options.Name}");
        text.AppendLine();
        text.AppendLine($"A DRUNet denoiser (Zhang et al. 2022) trained by tacs with {Citations.MethodName(metadata.Method)}, exported from `{weightsName}`.");
        text.AppendLine();
        text.AppendLine("## Use");
        text.AppendLine();
        text.AppendLine("- Input: one noisy 2-D channel, sides multiples of 8 (tile larger images; the declared halo is 32 pixels).");
        text.AppendLine("- Preprocessing: `scale_range` over y and x, 0.1 and 99.9 percentiles to 0 and 1.");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Noise: Gaussian with standard deviation {sigma:G4} on that 0–1 scale, built into the graph as DRUNet's noise-level channel. Images much noisier or cleaner than that are denoised too little or too much."));
        text.AppendLine("- Output: the denoised image on the same 0–1 scale. tacs maps it back to the input's intensities; in Fiji or napari rescale it if needed.");
        text.AppendLine();
        text.AppendLine("## Training");
        text.AppendLine();
        text.AppendLine($"- Data: {metadata.Data}");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {metadata.Steps} steps, patches {metadata.Patch}², batch {metadata.Batch}, seed {metadata.Seed}, final loss {metadata.FinalLoss:G4}"));
        text.AppendLine("- Command:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(metadata.Command);
        text.AppendLine("```");
        text.AppendLine();
        if (metadata.Lineage.Count > 0)
        {
            text.AppendLine($"Started from earlier weights; the stages before, oldest first{(metadata.OmittedStages > 0 ? $" ({metadata.OmittedStages} older ones not recorded)" : "")}:");
            text.AppendLine();
            foreach (var stage in metadata.Lineage)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- `{stage.Weights}`: {stage.Method} on {stage.Data}, {stage.Steps} steps"));
                text.AppendLine();
                text.AppendLine("  ```");
                foreach (var command in stage.Commands)
                {
                    text.AppendLine($"  {command}");
                }

                text.AppendLine("  ```");
            }

            text.AppendLine();
        }
        text.AppendLine("## Cite");
        text.AppendLine();
        foreach (var reference in new[] { Citations.Drunet, method }.OfType<Citations.Reference>())
        {
            text.AppendLine($"- {reference.Text} {reference.Url}");
        }

        return text.ToString();
    }

    private static void Axes(StringBuilder y, string? reference)
    {
        y.AppendLine("    axes:");
        y.AppendLine("      - type: batch");
        y.AppendLine("      - type: channel");
        y.AppendLine($"        channel_names: [{(reference is null ? "raw" : "denoised")}]");
        foreach (var id in new[] { "y", "x" })
        {
            y.AppendLine("      - type: space");
            y.AppendLine($"        id: {id}");
            if (reference is null)
            {
                y.AppendLine("        size: {min: 32, step: 8}");
            }
            else
            {
                y.AppendLine($"        size: {{tensor_id: {reference}, axis_id: {id}}}");
                y.AppendLine($"        halo: {Halo}");
            }
        }
    }

    private static void Test(StringBuilder y, string file, IReadOnlyDictionary<string, string> sha)
    {
        y.AppendLine("    test_tensor:");
        y.AppendLine($"      source: {file}");
        y.AppendLine($"      sha256: {sha[file]}");
        y.AppendLine("    data: {type: float32}");
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A JSON string is a valid YAML double-quoted scalar.
    private static string Q(string text) => JsonSerializer.Serialize(text, Readable);
}
