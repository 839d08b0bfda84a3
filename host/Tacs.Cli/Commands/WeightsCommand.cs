using System.CommandLine;
using Tacs.Torch.Weights;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs weights half</c>: rewrites a DRUNet weights file with its numbers stored as float16; <c>tacs weights export-bmz</c>: a BioImage.IO package;
/// <c>tacs weights show</c>: the metadata and training history.</summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var weights = new Command("weights", "Work with DRUNet weights files (.drunet).");
        var input = new Argument<string>("input") { Description = "A .drunet file from 'tacs train drunet'." };
        var output = new Option<string>("--output", "-o") { Description = "File to write; must differ from the input.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output if it exists." };
        var half = new Command("half", "Store the weights as 16-bit floats: half the size (for shipping), loaded back as 32-bit; metadata kept.") { input, output, overwrite };
        CommandRunner.SetAction(half, (parse, _) =>
        {
            var source = Path.GetFullPath(parse.GetValue(input)!);
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (source == target)
            {
                throw new ArgumentException("--output must be another file than the input; the input is never overwritten.");
            }

            if (File.Exists(target) && !parse.GetValue(overwrite))
            {
                throw new ArgumentException($"{target} exists; add --overwrite to replace it.");
            }

            var (network, metadata) = WeightsFile.Load(source);
            using (network)
            {
                WeightsFile.Save(target, network, metadata, half: true);
            }

            Console.WriteLine($"Wrote {target}: {new FileInfo(target).Length / 1048576.0:F1} MB (was {new FileInfo(source).Length / 1048576.0:F1} MB), float16.");
            return 0;
        });
        weights.Subcommands.Add(half);
        weights.Subcommands.Add(ExportBmzCommand.Create());
        weights.Subcommands.Add(WeightsShowCommand.Create());
        return weights;
    }
}
