using System.Runtime.InteropServices;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Tensors;
using Tacs.Torch;
using Tacs.Torch.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace Tacs.BioImageIO.Runtime;

/// <summary>
/// TorchScript weights (a traced or scripted PyTorch module saved with <c>torch.jit.save</c>) run by libtorch through
/// TorchSharp's <c>torch.jit.load</c>, for packages without ONNX weights. libtorch loads archives written by older
/// PyTorch versions. Inputs and outputs are matched by position, as for ONNX. Calls are serialised: one module,
/// whose intra-op threads already use the cores.
/// </summary>
public sealed class TorchScriptModel : INetwork
{
    private readonly jit.ScriptModule _module;
    private readonly string _name;
    private readonly Lock _gate = new();

    /// <summary>Loads TorchScript bytes onto the CPU.</summary>
    /// <exception cref="PackageException">The bytes are not a TorchScript archive libtorch can load.</exception>
    /// <exception cref="NotSupportedException">A provider other than the CPU was asked for.</exception>
    public TorchScriptModel(byte[] torchscript, string name, ExecutionProvider provider = ExecutionProvider.Cpu, int threads = 0)
    {
        if (provider != ExecutionProvider.Cpu)
        {
            throw new NotSupportedException(
                $"{name}: TorchScript weights run on the CPU in this build (TorchSharp with the CPU libtorch); use provider=cpu, or ONNX weights for cuda.");
        }

        _name = name;
        KernelGuard.Ensure();
        TorchRuntime.SetThreads(threads);
        try
        {
            _module = jit.load(torchscript, DeviceType.CPU);
        }
        catch (ExternalException ex)
        {
            throw new PackageException($"{name}: libtorch cannot load the TorchScript weights ({FirstLine(ex.Message)}). The file may be damaged or not a torch.jit.save archive.", ex);
        }

        _module.eval();
    }

    /// <inheritdoc />
    public string Format => "torchscript";

    /// <inheritdoc />
    public IReadOnlyList<NdTensor> Run(IReadOnlyList<NdTensor> inputs, IReadOnlyList<IReadOnlyList<string>> outputAxes)
    {
        lock (_gate)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var feeds = inputs.Select(t => (object)tensor(t.Data, [.. t.Shape.Select(s => (long)s)])).ToArray();
            object result;
            try
            {
                result = _module.forward(feeds);
            }
            catch (ExternalException ex)
            {
                throw new PackageException($"{_name}: the TorchScript module refused the input of shape {string.Join(", ", inputs.Select(t => t.DescribeShape()))}: {FirstLine(ex.Message)}", ex);
            }

            var outputs = Tensors(result).Take(outputAxes.Count).ToList();
            return [.. outputs.Select((o, i) =>
            {
                var shape = o.shape.Select(s => (int)s).ToArray();
                var axes = outputAxes[i].Count == shape.Length ? outputAxes[i] : [.. Enumerable.Range(0, shape.Length).Select(d => "dim" + d)];
                return new NdTensor(shape, axes, o.to_type(ScalarType.Float32).contiguous().data<float>().ToArray());
            })];
        }
    }

    /// <summary>Releases the module.</summary>
    public void Dispose() => _module.Dispose();

    // forward gives a tensor, or a tuple or list of them for several outputs.
    private IEnumerable<Tensor> Tensors(object result) => result switch
    {
        Tensor t => [t],
        IEnumerable<Tensor> many => many,
        System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).OfType<Tensor>(),
        object[] many => many.OfType<Tensor>(),
        _ => throw new PackageException($"{_name}: the TorchScript module returned {result.GetType().Name}; tacs takes a tensor or a tuple of tensors."),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
