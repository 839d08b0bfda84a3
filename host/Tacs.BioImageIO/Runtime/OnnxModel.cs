using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Runtime;

/// <summary>ONNX weights in an ONNX Runtime session. Inputs and outputs are matched to the description by position,
/// since ONNX names (input.1) rarely equal the description's ids. Safe to call from several threads.</summary>
public sealed class OnnxModel : INetwork
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;

    /// <summary>Loads ONNX bytes.</summary>
    /// <exception cref="PackageException">The bytes are not a model ONNX Runtime can load, or its inputs are not float32.</exception>
    public OnnxModel(byte[] onnx, string name, ExecutionProvider provider = ExecutionProvider.Cpu, int threads = 0)
    {
        using var options = ExecutionProviders.Options(provider, threads);
        try
        {
            _session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new PackageException($"{name}: ONNX Runtime cannot load the weights ({ex.Message}). The file may be damaged, or use operators newer than ONNX Runtime 1.31 knows.", ex);
        }

        _inputNames = [.. _session.InputMetadata.Keys];
        foreach (var (key, meta) in _session.InputMetadata)
        {
            if (meta.ElementType != typeof(float))
            {
                _session.Dispose();
                throw new PackageException($"{name}: ONNX input '{key}' takes {meta.ElementType.Name}; tacs feeds float32 only.");
            }
        }

        Provider = provider;
    }

    /// <inheritdoc />
    public string Format => "onnx";

    /// <summary>Where the model runs.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Number of inputs of the graph.</summary>
    public int InputCount => _inputNames.Length;

    /// <inheritdoc />
    public IReadOnlyList<NdTensor> Run(IReadOnlyList<NdTensor> inputs, IReadOnlyList<IReadOnlyList<string>> outputAxes)
    {
        if (inputs.Count != _inputNames.Length)
        {
            throw new PackageException($"The ONNX graph takes {_inputNames.Length} inputs; the description gives {inputs.Count}.");
        }

        var feeds = inputs.Select((t, i) => NamedOnnxValue.CreateFromTensor(_inputNames[i], new DenseTensor<float>(t.Data, t.Shape))).ToList();
        try
        {
            using var results = _session.Run(feeds);
            return [.. results.Take(outputAxes.Count).Select((r, i) =>
            {
                var tensor = r.AsTensor<float>();
                var shape = tensor.Dimensions.ToArray();
                var axes = outputAxes[i].Count == shape.Length ? outputAxes[i] : [.. Enumerable.Range(0, shape.Length).Select(d => "dim" + d)];
                return new NdTensor(shape, axes, tensor is DenseTensor<float> dense ? dense.Buffer.ToArray() : tensor.ToArray());
            })];
        }
        catch (OnnxRuntimeException ex)
        {
            throw new PackageException($"ONNX Runtime refused the input of shape {string.Join(", ", inputs.Select(t => t.DescribeShape()))}: {ex.Message}", ex);
        }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();
}
