using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Inference;

/// <summary>
/// Runs one DRUNet window in ONNX Runtime and in libtorch on this machine and compares them: what <c>tacs doctor</c>
/// reports, since the plugin denoises with the first and trains with the second.
/// </summary>
public static class EngineCheck
{
    /// <summary>The outcome: ONNX Runtime's version, the largest difference between the engines (network scale), and the
    /// milliseconds of one 256² window in each (after one untimed run).</summary>
    public sealed record Result(string OnnxRuntimeVersion, double LargestDifference, double OnnxMilliseconds, double TorchMilliseconds)
    {
        /// <summary>Largest difference that still counts as the same output.</summary>
        public const double Tolerance = 1e-4;

        /// <summary>True when the engines agree within <see cref="Tolerance"/>.</summary>
        public bool Agrees => LargestDifference <= Tolerance;

        /// <summary>One line for a report.</summary>
        public string Describe() => FormattableString.Invariant(
            $"agrees with libtorch to {LargestDifference:G2} (default DRUNet, random weights, one 256² window); {OnnxMilliseconds:F0} ms vs {TorchMilliseconds:F0} ms in libtorch");
    }

    /// <summary>Runs the check.</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime cannot run here.</exception>
    public static Result Run()
    {
        const int side = 256;
        manual_seed(20);
        using var network = new DrunetNetwork(DrunetOptions.Default);
        network.eval();
        using var onnx = OnnxWindowNetwork.Create(network, threads: 0);
        var torch = new TorchWindowNetwork(network);
        var random = new Random(21);
        var window = Enumerable.Range(0, side * side).Select(_ => (float)random.NextDouble()).ToArray();
        var byOnnx = new float[window.Length];
        var byTorch = new float[window.Length];
        double Time(IWindowNetwork engine, float[] into)
        {
            engine.Run(window, side, side, 0.1, into);
            var watch = Stopwatch.StartNew();
            engine.Run(window, side, side, 0.1, into);
            return watch.Elapsed.TotalMilliseconds;
        }

        var onnxMs = Time(onnx, byOnnx);
        var torchMs = Time(torch, byTorch);
        var largest = byOnnx.Zip(byTorch, (a, b) => (double)Math.Abs(a - b)).Max();
        return new Result(OrtEnv.Instance().GetVersionString(), largest, onnxMs, torchMs);
    }
}
