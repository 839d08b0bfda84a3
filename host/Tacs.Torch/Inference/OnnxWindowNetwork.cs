using Microsoft.ML.OnnxRuntime;
using Tacs.Torch.Model;
using Tacs.Torch.Onnx;

namespace Tacs.Torch.Inference;

/// <summary>
/// The same network as an ONNX graph (<see cref="DrunetOnnx"/>, level as an input) run by ONNX Runtime's CPU provider:
/// the same outputs to about 1e-6, 2.6–3.6 times faster than libtorch on the bare network and about twice on the plugin step here (docs/benchmarks.md).
/// Safe to call from several threads.
/// </summary>
public sealed class OnnxWindowNetwork : IWindowNetwork, IDisposable
{
    private readonly InferenceSession _session;

    private OnnxWindowNetwork(InferenceSession session) => _session = session;

    /// <inheritdoc />
    public string Engine => "onnx";

    /// <summary>Builds the graph of <paramref name="network"/> and opens it with <paramref name="threads"/> threads (0: one per core).</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime cannot load or run here (no native library, an unsupported CPU).</exception>
    public static OnnxWindowNetwork Create(DrunetNetwork network, int threads)
    {
        var bytes = DrunetOnnx.Build(network, sigma: null, producerVersion: "tacs");
        try
        {
            using var options = new SessionOptions { IntraOpNumThreads = Math.Max(0, threads), GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            return new OnnxWindowNetwork(new InferenceSession(bytes, options));
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new InvalidOperationException($"ONNX Runtime cannot run the network here ({ex.GetBaseException().Message}).", ex);
        }
    }

    /// <inheritdoc />
    public void Run(float[] window, int width, int height, double sigma, Span<float> into)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(window, [1, 1, height, width]);
        using var level = OrtValue.CreateTensorValueFromMemory(new[] { (float)sigma }, [1]);
        using var run = new RunOptions();
        using var outputs = _session.Run(run, [DrunetOnnx.InputName, DrunetOnnx.LevelName], [input, level], [DrunetOnnx.OutputName]);
        outputs[0].GetTensorDataAsSpan<float>()[..(width * height)].CopyTo(into);
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();
}
