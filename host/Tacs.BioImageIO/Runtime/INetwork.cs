using Tacs.BioImageIO.Tensors;

namespace Tacs.BioImageIO.Runtime;

/// <summary>A package's weights loaded into an engine (ONNX Runtime or TorchSharp): preprocessed tensors in, raw
/// output tensors out. Processing, tiling and frame handling are the engine-independent part around it.</summary>
public interface INetwork : IDisposable
{
    /// <summary>The weights format it runs (onnx, torchscript).</summary>
    string Format { get; }

    /// <summary>Runs the network; outputs get the axis names in <paramref name="outputAxes"/>, in order.</summary>
    /// <exception cref="Packages.PackageException">The tensors do not fit the network (the engine's message says how).</exception>
    IReadOnlyList<NdTensor> Run(IReadOnlyList<NdTensor> inputs, IReadOnlyList<IReadOnlyList<string>> outputAxes);
}
