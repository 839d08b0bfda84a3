using System.Diagnostics;
using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Platform;

/// <summary>What one probe found: does a training step's gradient from oneDNN's kernels agree with libtorch's own kernels?</summary>
/// <param name="Agrees">Loss and every gradient finite and within tolerance of the reference, on every repetition.</param>
/// <param name="Finite">No NaN or infinity anywhere in the checked loss and gradients.</param>
/// <param name="MaxRelativeDifference">Largest difference to the reference, relative to that tensor's largest reference value.</param>
/// <param name="Worst">Which tensor differed most (the loss, or a parameter's gradient by its state-dict name).</param>
/// <param name="CheckedMilliseconds">Mean time of one forward and backward pass on the kernels under test.</param>
/// <param name="ReferenceMilliseconds">The same on libtorch's own kernels (oneDNN off).</param>
public sealed record KernelProbeResult(bool Agrees, bool Finite, double MaxRelativeDifference, string Worst, double CheckedMilliseconds, double ReferenceMilliseconds);

/// <summary>
/// One training step of the default DRUNet (forward, loss, backward) at the trainer's default patch and batch, run on the
/// kernels libtorch would use now and again with oneDNN switched off, and compared. On one AMD EPYC with AVX-512,
/// libtorch 2.10's oneDNN kernels gave NaN or wrong gradients in training while forward passes were right, so the
/// check covers the backward pass of every layer type the network has (3×3, strided 2×2 and transposed 2×2 convolutions).
/// </summary>
public static class KernelProbe
{
    /// <summary>Largest relative gradient difference accepted (float32 kernels that sum in other orders differ by about 1e-6).</summary>
    public const double Tolerance = 1e-3;

    /// <summary>Runs the check in this process. Call before anything else used oneDNN only when the current settings are the ones to check.</summary>
    /// <param name="repetitions">Training steps compared (oneDNN failures seen were intermittent with one thread, steady with two).</param>
    /// <param name="batch">Patches per step (the trainer's default is 8).</param>
    /// <param name="patch">Patch side (the trainer's default is 64).</param>
    public static KernelProbeResult Run(int repetitions = 3, int batch = 8, int patch = 64)
    {
        using var scope = NewDisposeScope();
        var options = DrunetOptions.Default;
        using var network = NewNetwork(options);
        var generator = new Random(20261129);
        var input = new float[batch * patch * patch];
        var target = new float[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            target[i] = (float)generator.NextDouble();
            input[i] = target[i] + (float)(0.1 * (generator.NextDouble() - 0.5));
        }

        var noisy = tensor(input, [batch, 1, patch, patch]);
        var clean = tensor(target, [batch, 1, patch, patch]);
        var sigma = full([batch], 0.1f);

        var wasEnabled = NativeSwitches.IsOneDnnEnabled();
        var checkedRuns = new List<IReadOnlyDictionary<string, float[]>>();
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < repetitions; r++)
        {
            checkedRuns.Add(Step(network, noisy, sigma, clean));
        }

        var checkedMs = watch.Elapsed.TotalMilliseconds / repetitions;
        NativeSwitches.SetOneDnnEnabled(false);
        Dictionary<string, float[]> reference;
        watch.Restart();
        try
        {
            reference = Step(network, noisy, sigma, clean);
        }
        finally
        {
            NativeSwitches.SetOneDnnEnabled(wasEnabled);
        }

        var referenceMs = watch.Elapsed.TotalMilliseconds;
        var (finite, worst, worstName) = Compare(checkedRuns, reference);
        return new KernelProbeResult(finite && worst <= Tolerance, finite, worst, worstName, checkedMs, referenceMs);
    }

    /// <summary>The largest difference of any run's loss or gradient to the reference, relative to that tensor's largest
    /// reference value; infinite (and not finite) when a run holds NaN or infinity.</summary>
    internal static (bool Finite, double Worst, string Name) Compare(IEnumerable<IReadOnlyDictionary<string, float[]>> runs, IReadOnlyDictionary<string, float[]> reference)
    {
        var finite = true;
        var worst = 0.0;
        var worstName = "none";
        foreach (var run in runs)
        {
            foreach (var (name, values) in run)
            {
                var expected = reference[name];
                var scale = expected.Length == 0 ? 1e-12 : expected.Max(v => Math.Abs(v)) + 1e-12;
                var difference = 0.0;
                for (var i = 0; i < values.Length; i++)
                {
                    if (!float.IsFinite(values[i]))
                    {
                        finite = false;
                        difference = double.PositiveInfinity;
                        break;
                    }

                    difference = Math.Max(difference, Math.Abs(values[i] - expected[i]) / scale);
                }

                if (difference > worst)
                {
                    worst = difference;
                    worstName = name;
                }
            }
        }

        return (finite, worst, worstName);
    }

    private static DrunetNetwork NewNetwork(DrunetOptions options)
    {
        random.manual_seed(7);
        return new DrunetNetwork(options, guardKernels: false);
    }

    // One step: the mean squared error against the clean patch, then every parameter's gradient read back.
    private static Dictionary<string, float[]> Step(DrunetNetwork network, Tensor noisy, Tensor sigma, Tensor clean)
    {
        using var scope = NewDisposeScope();
        network.train();
        network.zero_grad();
        var output = network.Denoise(noisy, sigma);
        var loss = (output - clean).Squared().mean();
        loss.backward();
        var result = new Dictionary<string, float[]> { ["loss"] = [loss.item<float>()] };
        foreach (var (name, parameter) in network.named_parameters())
        {
            result["grad " + name] = parameter.grad is { } grad ? grad.data<float>().ToArray() : [];
        }

        network.zero_grad();
        return result;
    }
}
