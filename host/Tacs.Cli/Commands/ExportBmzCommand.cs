using System.CommandLine;
using System.Globalization;
using Tacs.BioImageIO.Export;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.Host.Imaging;
using Tacs.Host.Synthetic;
using Tacs.Torch.Weights;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs weights export-bmz</c>: a BioImage.IO model package (ONNX) from a DRUNet weights file, checked by running it back.</summary>
internal static class ExportBmzCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A .drunet file from 'tacs train drunet' (or a shipped one)." };
        var output = new Option<string>("--output", "-o") { Description = "Package folder to write (created).", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name shown in Fiji, napari and the zoo (default: from the weights file name)." };
        var authors = new Option<string[]>("--author") { Description = "An author (repeat for several).", DefaultValueFactory = _ => ["Tacs contributors"], AllowMultipleArgumentsPerToken = false };
        var license = new Option<string>("--license") { Description = "SPDX licence id of the weights.", DefaultValueFactory = _ => "CC-BY-4.0" };
        var sigma = new Option<double?>("--sigma") { Description = "Noise level built into the graph, on the 0–1 scale of the normalised image (default: the training σ in the weights' metadata)." };
        var sample = new Option<string?>("--sample") { Description = "A noisy image (TIFF/PNG) for the test tensors and cover; its centre, up to 256×256, is used (default: a synthetic fluorescence scene with noise at the package's σ)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a package already in the output folder." };
        var command = new Command("export-bmz", "Write a BioImage.IO model package (format 0.5, ONNX opset 17) for Fiji/deepImageJ, napari and the model zoo: weights, test tensors, cover, documentation, citations and the training command; then run it back and compare with TorchSharp.")
        {
            input, output, name, authors, license, sigma, sample, overwrite,
        };
        CommandRunner.SetAction(command, (parse, _) =>
        {
            var source = Path.GetFullPath(parse.GetValue(input)!);
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            if (PackageFiles.DescriptionNames.Any(n => File.Exists(Path.Combine(folder, n))) && !parse.GetValue(overwrite))
            {
                throw new ArgumentException($"{folder} already holds a model package; add --overwrite to replace it.");
            }

            var (network, metadata) = WeightsFile.Load(source);
            using (network)
            {
                var level = parse.GetValue(sigma) ?? metadata.TrainingSigma;
                var (pixels, width, height) = Sample(parse.GetValue(sample), level);
                var options = new ExportOptions(
                    parse.GetValue(name) ?? $"tacs DRUNet {Path.GetFileNameWithoutExtension(source)}",
                    parse.GetValue(authors)!,
                    parse.GetValue(license)!,
                    parse.GetValue(sigma),
                    typeof(ExportBmzCommand).Assembly.GetName().Version?.ToString(3) ?? "0");
                var result = DrunetPackageExporter.Export(network, metadata, Path.GetFileName(source), pixels, width, height, options, folder);
                Console.WriteLine($"Wrote {folder}: {string.Join(", ", result.Files)} (noise level {result.Sigma.ToString("G4", CultureInfo.InvariantCulture)} in the graph).");
            }

            // The package's test output came from TorchSharp; running the package through ONNX Runtime checks the graph.
            using var runner = new ModelRunner(ModelPackage.Open(folder));
            var worst = ModelTest.Run(runner).Max(r => r.MaxAbsDifference);
            var passed = worst <= ModelTest.DefaultTolerance;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Checked: ONNX Runtime reproduces the TorchSharp output to {worst:G3} (tolerance {ModelTest.DefaultTolerance:G3}): {(passed ? "passed" : "FAILED")}."));
            return passed ? ExitCodes.Success : ExitCodes.OutsideTolerance;
        });
        return command;
    }

    private static (float[] Pixels, int Width, int Height) Sample(string? path, double sigma)
    {
        if (path is not null)
        {
            using var image = ImageFiles.Open(Path.GetFullPath(path));
            var frame = image.ReadPage(0);
            return (frame.Pixels, frame.Width, frame.Height);
        }

        // Fixed seed: the same weights always give the same package.
        const int side = 256;
        const double peak = 1000;
        var random = new Random(23);
        var clean = FluorescenceScene.Draw(side, side, peak, random);
        var noise = double.IsFinite(sigma) && sigma > 0 ? sigma * peak : 0.1 * peak;
        for (var i = 0; i < clean.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            clean[i] += (float)(noise * gaussian);
        }

        return (clean, side, side);
    }
}
