using System.Globalization;
using Tacs.BioImageIO.Runtime;
using Tacs.Sdk.Parameters;

namespace Tacs.Plugins.BioImageIO;

/// <summary>The parameters model steps share: which weights, where and on how many threads they run.</summary>
internal static class ModelParameters
{
    public static IReadOnlyList<ParameterSpec> Engine =>
    [
        new ParameterSpec("weights", ParameterKind.Choice, "auto", "Weights to run: auto (ONNX when the package has it, else TorchScript), onnx (ONNX Runtime) or torchscript (TorchSharp).")
        {
            Choices = [.. WeightsChoice.Names],
        },
        new ParameterSpec("provider", ParameterKind.Choice, "cpu", "Execution provider: cpu, or cuda (ONNX weights) on a machine with an NVIDIA GPU and the GPU build of ONNX Runtime.")
        {
            Choices = [.. ExecutionProviders.Names],
        },
        new ParameterSpec("threads", ParameterKind.Integer, "0", "Engine threads (ONNX Runtime or libtorch); 0 uses one per core.")
        {
            Minimum = 0,
            Maximum = 256,
        },
    ];

    /// <summary>The (provider, threads, weights) a call asks for.</summary>
    public static (ExecutionProvider Provider, int Threads, string Weights) Of(ParameterValues parameters) =>
        (ExecutionProviders.Parse(parameters.GetText("provider")), (int)parameters.GetInteger("threads"), parameters.GetText("weights"));

    /// <summary>The first 200 characters of a description, on one line, for a manifest.</summary>
    public static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : string.Create(CultureInfo.InvariantCulture, $"{line[..197]}...");
    }
}
