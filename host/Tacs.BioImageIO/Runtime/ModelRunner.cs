using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Runtime;

/// <summary>Runs a package on whole tensors: preprocessing, the network (ONNX or TorchScript weights), postprocessing.</summary>
public sealed class ModelRunner : IDisposable
{
    private readonly INetwork _model;

    /// <summary>Loads the package's weights (checking their sha256): ONNX when present, else TorchScript, unless <paramref name="weights"/> names one.</summary>
    /// <param name="package">The package.</param>
    /// <param name="provider">Execution provider.</param>
    /// <param name="threads">Engine threads, 0 for one per core.</param>
    /// <param name="weights">auto (or null), onnx or torchscript.</param>
    /// <exception cref="PackageException">No weights tacs runs, damaged weights, or unsupported processing steps.</exception>
    /// <exception cref="NotSupportedException">The execution provider is not available.</exception>
    /// <exception cref="ArgumentException">An unknown weights choice.</exception>
    public ModelRunner(ModelPackage package, ExecutionProvider provider = ExecutionProvider.Cpu, int threads = 0, string? weights = null)
    {
        Package = package;
        foreach (var step in Description.Inputs.Concat(Description.Outputs).SelectMany(t => t.Processing).Where(s => !Processor.IsSupported(s)))
        {
            throw new PackageException($"{package.Location}: processing step '{step.Id}' is not supported by tacs (supported: {string.Join(", ", ProcessingStep.Supported)}).");
        }

        var entry = WeightsChoice.Select(Description, weights, package.Location);
        var bytes = package.ReadWeights(entry);
        _model = entry.Format == "onnx"
            ? new OnnxModel(bytes, package.Location, provider, threads)
            : new TorchScriptModel(bytes, package.Location, provider, threads);
    }

    /// <summary>The weights format being run (onnx or torchscript).</summary>
    public string WeightsFormat => _model.Format;

    /// <summary>The package.</summary>
    public ModelPackage Package { get; }

    /// <summary>Its description.</summary>
    public ModelDescription Description => Package.Description;

    /// <summary>Raw inputs (in the description's order and axes) to postprocessed outputs.</summary>
    public IReadOnlyList<NdTensor> Run(IReadOnlyList<NdTensor> inputs)
    {
        var references = References(inputs);
        var prepared = inputs.Select((t, i) => Processor.Apply(t, Description.Inputs[i].Processing, references)).ToList();
        var raw = RunNetwork(prepared);
        return [.. raw.Select((t, i) => i < Description.Outputs.Count ? Processor.Apply(t, Description.Outputs[i].Processing, references) : t)];
    }

    /// <summary>Preprocessed inputs to the network's raw outputs (for tiling, where processing runs on the whole frame).</summary>
    public IReadOnlyList<NdTensor> RunNetwork(IReadOnlyList<NdTensor> prepared) =>
        _model.Run(prepared, [.. Description.Outputs.Select(o => o.AxisIds)]);

    /// <summary>The raw inputs by tensor id, for processing steps that name a reference tensor.</summary>
    public Dictionary<string, NdTensor> References(IReadOnlyList<NdTensor> inputs) =>
        Description.Inputs.Zip(inputs).ToDictionary(p => p.First.Id, p => p.Second, StringComparer.Ordinal);

    /// <summary>Releases the network.</summary>
    public void Dispose() => _model.Dispose();
}
