using System.Globalization;
using Tacs.BioImageIO.Export;
using Tacs.BioImageIO.Runtime;
using Tacs.BioImageIO.Tensors;
using Tacs.Torch;
using Tacs.Torch.Onnx;
using Tacs.Torch.Weights;

namespace Tacs.Bench;

/// <summary>
/// The shipped default DRUNet run through TorchSharp (baseline) and through ONNX Runtime (the graph tacs exports to
/// BioImage.IO packages), same weights, same frame, same process, whole frames of 512² and 2048².
/// </summary>
internal sealed class OnnxBenchmark : IBenchmark
{
    public string Name => "onnx";

    public bool UsesTorch => true;

    public string Description => "DRUNet inference: TorchSharp vs ONNX Runtime (exported graph), 512² and 2048² (--sides 512,2048 --rounds 3 --threads 0 --weights FILE)";

    public IReadOnlyList<string> Options => ["sides", "rounds", "threads", "weights"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var threads = options.Int("threads", 0);
        var rounds = options.Int("rounds", 3);
        var sides = options.String("sides", "512,2048").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var weights = options.String("weights", Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-bsd68-r2r-s25.drunet"));
        TorchRuntime.SetThreads(threads);
        var (network, metadata) = WeightsFile.Load(weights);
        using (network)
        {
            var sigma = metadata.TrainingSigma;
            using var onnx = new OnnxModel(DrunetOnnx.Build(network, sigma, "bench"), "bench", ExecutionProvider.Cpu, threads);
            Console.WriteLine($"DRUNet {network.Options} ({Path.GetFileName(weights)}), TorchSharp vs ONNX Runtime (CPU provider), whole frame, one call per frame");
            Console.WriteLine($"{Tacs.Diagnostics.MachineFacts.Current().Summary}; libtorch threads {TorchSharp.torch.get_num_threads()}, ONNX Runtime threads {(threads == 0 ? "default (one per core)" : threads)}; median of {rounds}; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")} (other work on the machine slows both columns alike)");
            Console.WriteLine();
            Console.WriteLine("| frame | TorchSharp ms | ONNX Runtime ms | ONNX Runtime speed-up (TorchSharp ms / ONNX ms) | max abs difference |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var side in sides)
            {
                var frame = DrunetBenchmark.RandomFrame(side, side);
                float[] torchOutput = [];
                float[] onnxOutput = [];
                var input = new NdTensor([1, 1, side, side], ["batch", "channel", "y", "x"], frame);
                // One untimed call each: first calls allocate arenas and pick kernels.
                torchOutput = DrunetPackageExporter.RunTorch(network, frame, side, side, sigma);
                onnxOutput = onnx.Run([input], [["batch", "channel", "y", "x"]])[0].Data;
                var torchSeconds = DrunetBenchmark.Median(rounds, () => torchOutput = DrunetPackageExporter.RunTorch(network, frame, side, side, sigma));
                var onnxSeconds = DrunetBenchmark.Median(rounds, () => onnxOutput = onnx.Run([input], [["batch", "channel", "y", "x"]])[0].Data);
                var difference = torchOutput.Zip(onnxOutput).Max(p => Math.Abs(p.First - p.Second));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {side}² | {torchSeconds * 1000:F0} | {onnxSeconds * 1000:F0} | {torchSeconds / onnxSeconds:F2} | {difference:G2} |"));
            }
        }

        Console.WriteLine();
        return 0;
    }
}
