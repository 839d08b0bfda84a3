using Microsoft.ML.OnnxRuntime;

namespace Tacs.BioImageIO.Runtime;

/// <summary>Where ONNX Runtime runs a model: the CPU (default) or an NVIDIA GPU through CUDA.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
}

/// <summary>Parsing and availability of execution providers.</summary>
public static class ExecutionProviders
{
    /// <summary>Names accepted on the command line and in chains.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cpu", "cuda"];

    /// <summary>Parses "cpu" or "cuda".</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static ExecutionProvider Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cpu" => ExecutionProvider.Cpu,
        "cuda" or "gpu" => ExecutionProvider.Cuda,
        _ => throw new ArgumentException($"Execution provider '{text}' is unknown; use cpu or cuda."),
    };

    /// <summary>Providers the loaded ONNX Runtime build offers (CPUExecutionProvider, CUDAExecutionProvider, ...).</summary>
    public static IReadOnlyList<string> Available() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Session options for <paramref name="provider"/> with <paramref name="threads"/> threads (0: ONNX Runtime's default, one per core).</summary>
    /// <exception cref="NotSupportedException">CUDA asked for but the ONNX Runtime build or the machine lacks it; the message says what to install.</exception>
    public static SessionOptions Options(ExecutionProvider provider, int threads)
    {
        var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (provider == ExecutionProvider.Cuda)
        {
            var available = Available();
            if (!available.Contains("CUDAExecutionProvider"))
            {
                options.Dispose();
                throw new NotSupportedException(
                    $"Execution provider cuda is not available: this tacs carries ONNX Runtime's CPU build (providers: {string.Join(", ", available)}). " +
                    "On a machine with an NVIDIA GPU, build tacs with Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 and install CUDA 12 and cuDNN 9; or use --provider cpu.");
            }

            try
            {
                options.AppendExecutionProvider_CUDA(0);
            }
            catch (OnnxRuntimeException ex)
            {
                options.Dispose();
                throw new NotSupportedException($"Execution provider cuda could not start ({ex.Message}): is there an NVIDIA GPU with its driver, CUDA 12 and cuDNN 9? Use --provider cpu meanwhile.", ex);
            }
        }

        return options;
    }
}
