using System.CommandLine;
using System.Globalization;
using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs models list|show|test</c>: the BioImage.IO model packages in the models folder.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "BioImage.IO model packages (folders or .zip in the models folder: --models DIR, $TACS_MODELS, or models/ next to tacs). Each runs in chains under its id.");
        var list = new Command("list", "List the model packages: id, kind, format, and why a package cannot run.");
        CommandRunner.SetAction(list, (parse, _) => List(GlobalOptions.ModelsFolder(parse)));

        var id = new Argument<string>("id") { Description = "Model id (see 'tacs models list'), or the path of a package folder or .zip." };
        var show = new Command("show", "Show a model's description: axes, pre- and post-processing, halo, weights, test tensors, authors and citation.") { id };
        CommandRunner.SetAction(show, (parse, _) => Show(ModelLibrary.Find(GlobalOptions.ModelsFolder(parse), parse.GetValue(id)!)));

        var tolerance = new Option<double>("--tolerance") { Description = "Largest absolute difference accepted.", DefaultValueFactory = _ => ModelTest.DefaultTolerance };
        var provider = new Option<string>("--provider") { Description = "Execution provider: cpu or cuda (ONNX weights).", DefaultValueFactory = _ => "cpu" };
        var weights = new Option<string>("--weights") { Description = "Weights to run: auto (ONNX when present, else TorchScript), onnx or torchscript.", DefaultValueFactory = _ => "auto" };
        weights.AcceptOnlyFromAmong([.. WeightsChoice.Names]);
        var test = new Command("test", $"Run the package's test inputs (checking every file's sha256) and compare with its test outputs; exit code {ExitCodes.OutsideTolerance} when the largest absolute difference exceeds the tolerance.")
        {
            id, tolerance, provider, weights,
        };
        CommandRunner.SetAction(test, (parse, _) => Test(
            ModelLibrary.Find(GlobalOptions.ModelsFolder(parse), parse.GetValue(id)!), parse.GetValue(tolerance), parse.GetValue(provider)!, parse.GetValue(weights)!));
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(test);
        return command;
    }

    private static int List(string folder)
    {
        Console.WriteLine($"Models folder: {folder}");
        var entries = ModelLibrary.Scan(folder);
        if (entries.Count == 0)
        {
            Console.WriteLine(Directory.Exists(folder)
                ? "No model packages. Copy BioImage.IO package folders or .zip files here (docs/models.md)."
                : "The folder does not exist. Create it and copy BioImage.IO packages into it, or pass --models DIR (docs/models.md).");
            return ExitCodes.Success;
        }

        var rows = entries.Select(e =>
        {
            var d = e.Package?.Description;
            var problems = e.Package is null ? [] : Problems(e.Package);
            var state = e.Package is null ? "failed" : problems.Count > 0 ? "not in chains" : "ok";
            return new[]
            {
                e.Id, d is null ? "-" : Kind(d), d?.FormatVersion ?? "-",
                d is null ? "-" : string.Join(",", d.Weights.Select(w => w.Format)), state, Path.GetFileName(e.Location),
            };
        }).ToList();
        Table.Print(["id", "kind", "format", "weights", "state", "package"], rows);
        foreach (var entry in entries)
        {
            if (entry.Error is not null)
            {
                Console.WriteLine($"failed: {Path.GetFileName(entry.Location)}: {entry.Error}");
            }
            else if (Problems(entry.Package!) is { Count: > 0 } problems)
            {
                Console.WriteLine($"cannot run in chains: {entry.Id}: {string.Join("; ", problems)}");
            }
        }

        Console.WriteLine("In a chain: tacs run IN -o OUT --chain \"<id>\"; details: tacs models show <id>.");
        return ExitCodes.Success;
    }

    private static int Show(ModelPackage package)
    {
        var d = package.Description;
        Console.WriteLine($"{d.Name} ({d.Id})");
        Console.WriteLine($"  package:     {package.Location}");
        Console.WriteLine($"  format:      BioImage.IO {d.FormatVersion}");
        Console.WriteLine($"  kind:        {KindInDetail(d)}");
        Console.WriteLine($"  chain name:  {d.Id} (plugin model.{d.Id})");
        Console.WriteLine($"  authors:     {string.Join(", ", d.Authors)}");
        Console.WriteLine($"  licence:     {d.License}");
        Console.WriteLine($"  tags:        {string.Join(", ", d.Tags)}");
        Console.WriteLine($"  weights:     {string.Join(", ", d.Weights.Select(w => w.Format + (w.OpsetVersion is { } o ? $" (opset {o})" : string.Empty)))}");
        if (d.Description.Length > 0)
        {
            Console.WriteLine($"  {d.Description.ReplaceLineEndings(" ")}");
        }

        foreach (var (role, tensors) in new[] { ("input", d.Inputs), ("output", d.Outputs) })
        {
            foreach (var tensor in tensors)
            {
                Console.WriteLine();
                Console.WriteLine($"{role} '{tensor.Id}'{(tensor.Description.Length > 0 ? ": " + tensor.Description : string.Empty)}");
                Console.WriteLine($"  axes:        {string.Join(", ", tensor.Axes.Select(Describe))}");
                Console.WriteLine($"  {(role == "input" ? "pre" : "post")}processing: {(tensor.Processing.Count == 0 ? "none" : string.Join(" → ", tensor.Processing))}");
                Console.WriteLine($"  test tensor: {tensor.TestTensor?.Source ?? "none"}");
            }
        }

        foreach (var citation in d.Citations)
        {
            Console.WriteLine($"cite: {citation}");
        }

        if (Problems(package) is { Count: > 0 } problems)
        {
            Console.WriteLine($"cannot run in tacs: {string.Join("; ", problems)}");
        }

        return ExitCodes.Success;
    }

    // What stops a package from running in a chain: weights and processing tacs lacks, or axes a frame cannot fill.
    // (tacs models test runs whole tensors and needs neither frame condition.)
    private static IReadOnlyList<string> Problems(ModelPackage package) =>
        [.. package.Problems(), .. FrameAnalysis.ChainMisfit(package.Description) is { } misfit ? [misfit] : Array.Empty<string>()];

    private static string Kind(ModelDescription d) => FrameAnalysis.IsAnalysis(d) ? "analysis" : d.IsDenoising ? "denoiser" : "image model";

    private static string KindInDetail(ModelDescription d)
    {
        if (!FrameAnalysis.IsAnalysis(d))
        {
            return d.IsDenoising ? "denoiser (output brought back to the input's scale)" : "image model (output replaces the frame as float32)";
        }

        var names = FrameAnalysis.DeclaredNames(d);
        var count = FrameAnalysis.DeclaredCount(d);
        var values = names.Count > 0 ? $"{names.Count} values ({string.Join(", ", names)})"
            : count is { } n ? $"{n} values ({d.Outputs[0].Id}_0 … {d.Outputs[0].Id}_{n - 1})"
            : $"values of output '{d.Outputs[0].Id}' (named {d.Outputs[0].Id}_0, _1, …)";
        return $"analysis: {values}, one row per page in --results; the frame passes unchanged";
    }

    private static string Describe(AxisDescription axis)
    {
        var size = axis.Size is { } s ? s.ToString(CultureInfo.InvariantCulture)
            : axis.Step > 0 ? $"{axis.Min}+n·{axis.Step}"
            : axis.Reference is { } r ? $"={r.TensorId}.{r.AxisId}" + (r.Scale != 1 ? $"×{r.Scale}" : string.Empty) + (r.Offset != 0 ? $"{r.Offset:+#;-#}" : string.Empty)
            : "any";
        return $"{axis.Id}[{size}]" + (axis.Halo > 0 ? $" halo {axis.Halo}" : string.Empty);
    }

    private static int Test(ModelPackage package, double tolerance, string providerName, string weights)
    {
        ModelRunner runner;
        try
        {
            runner = new ModelRunner(package, ExecutionProviders.Parse(providerName), weights: weights);
        }
        catch (NotSupportedException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }

        using (runner)
        {
            var started = DateTime.UtcNow;
            var results = ModelTest.Run(runner);
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            Table.Print(
                ["output", "shape", "max abs difference", "result"],
                [.. results.Select(r => new[] { r.OutputId, r.Shape, r.MaxAbsDifference.ToString("G3", CultureInfo.InvariantCulture), r.MaxAbsDifference <= tolerance ? "ok" : "FAILED" })]);
            var worst = results.Max(r => r.MaxAbsDifference);
            var passed = worst <= tolerance;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{package.Description.Id}: {(passed ? "passed" : "FAILED")}: max abs difference {worst:G3} {(passed ? "≤" : ">")} tolerance {tolerance:G3} ({runner.WeightsFormat} weights, {providerName}, {seconds:F2} s)."));
            return passed ? ExitCodes.Success : ExitCodes.OutsideTolerance;
        }
    }
}
