using System.Globalization;
using System.Security.Cryptography;
using Tacs.Torch.Onnx;
using Tacs.BioImageIO.Tensors;

namespace Models.BioImageIO.Tests.Support;

/// <summary>
/// A BioImage.IO package of an analysis model, built with tacs's own ONNX writer: the input [1, 1, y, x] after the
/// declared preprocessing (scale_linear: × 0.5 + 10) is reduced to its mean and its maximum (ReduceMean, ReduceMax,
/// Concat: a [1, 2] output with axes batch and channel, channel names "mean" and "max"). Test tensors are computed
/// here from the pixels, independently of the network.
/// </summary>
internal static class AnalysisFixture
{
    public const string Id = "frame-stats";

    public const double Gain = 0.5;

    public const double Offset = 10;

    /// <summary>Writes the package (channel names mean and max) into <paramref name="models"/>/frame-stats and returns its folder.</summary>
    public static string Write(string models) => Write(models, Id, ["mean", "max"]);

    /// <summary>Writes a variant of the package into <paramref name="models"/>/<paramref name="name"/> and returns its folder.</summary>
    /// <param name="models">The models folder.</param>
    /// <param name="name">Folder name and id.</param>
    /// <param name="channelNames">Channel names the description declares (two match the network); empty: an index axis of size 2 without names.</param>
    /// <param name="tags">The description's tags.</param>
    /// <param name="inputSize">The input's y and x size: "{min: 4, step: 1}" or a fixed number.</param>
    public static string Write(string models, string name, IReadOnlyList<string> channelNames, string tags = "measurement", string inputSize = "{min: 4, step: 1}")
    {
        var folder = Path.Combine(models, name);
        Directory.CreateDirectory(folder);
        var graph = new OnnxGraph("frame_stats");
        var mean = graph.Add("ReduceMean", ["raw"], ("axes", [2, 3]), ("=keepdims", [0]));
        var max = graph.Add("ReduceMax", ["raw"], ("axes", [2, 3]), ("=keepdims", [0]));
        var both = graph.Add("Concat", [mean, max], ("=axis", [1]));
        var onnx = graph.ToModel("raw", [1, 1, "y", "x"], both, "stats", [1, 2], 17, 8, "test");
        File.WriteAllBytes(Path.Combine(folder, "weights.onnx"), onnx);

        var random = new Random(23);
        var input = Enumerable.Range(0, 24 * 20).Select(_ => (float)(random.NextDouble() * 1000)).ToArray();
        var expected = Expected(input);
        File.WriteAllBytes(Path.Combine(folder, "test_input.npy"), NpyFile.Write([1, 1, 24, 20], input));
        File.WriteAllBytes(Path.Combine(folder, "test_output.npy"), NpyFile.Write([1, 2], [(float)expected.Mean, (float)expected.Max]));
        var valueAxis = channelNames.Count > 0
            ? $"- type: channel\n        channel_names: [{string.Join(", ", channelNames)}]"
            : "- type: index\n        size: 2";
        File.WriteAllText(Path.Combine(folder, "bioimageio.yaml"), string.Create(CultureInfo.InvariantCulture, $$"""
            format_version: 0.5.4
            type: model
            id: {{name}}
            name: Frame statistics
            description: Mean and maximum of the scaled frame, a test analysis model written with tacs's ONNX writer.
            authors:
              - name: tacs tests
            cite:
              - text: tacs test fixture
                url: https://example.com/
            license: MIT
            tags: [{{tags}}]
            inputs:
              - id: raw
                axes:
                  - type: batch
                  - type: channel
                    channel_names: [raw]
                  - id: y
                    type: space
                    size: {{inputSize}}
                  - id: x
                    type: space
                    size: {{inputSize}}
                test_tensor:
                  source: test_input.npy
                  sha256: {{Sha256(folder, "test_input.npy")}}
                preprocessing:
                  - id: scale_linear
                    kwargs:
                      gain: {{Gain}}
                      offset: {{Offset}}
            outputs:
              - id: stats
                axes:
                  - type: batch
                  {{valueAxis}}
                test_tensor:
                  source: test_output.npy
                  sha256: {{Sha256(folder, "test_output.npy")}}
            weights:
              onnx:
                source: weights.onnx
                sha256: {{Sha256(folder, "weights.onnx")}}
                opset_version: 17

            """));
        return folder;
    }

    /// <summary>Mean and maximum of the pixels after the declared scale_linear, in double precision.</summary>
    public static (double Mean, double Max) Expected(IReadOnlyList<float> pixels)
    {
        var scaled = pixels.Select(p => (double)(float)((p * Gain) + Offset)).ToList();
        return (scaled.Average(), scaled.Max());
    }

    private static string Sha256(string folder, string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))));
}
