using System.CommandLine;
using Tacs.Host.Batch;
using Tacs.Host.Chains;
using Tacs.Host.Results;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs denoise</c> (one plugin) and <c>tacs run</c> (a chain) over files, stacks and folders.</summary>
internal static class ChainCommands
{
    public static Command CreateDenoise()
    {
        var io = new ProcessingOptions();
        var method = new Option<string>("--method", "-m") { Description = "Denoiser id or short name (see 'tacs plugins list').", DefaultValueFactory = _ => "gaussian" };
        var parameters = new Option<string[]>("--param", "-p") { Description = "Parameter as name=value; repeat for several.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("denoise", "Denoise an image, a TIFF stack or a folder with one plugin.");
        io.AddTo(command);
        command.Options.Add(method);
        command.Options.Add(parameters);
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parse.GetValue(parameters) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new ArgumentException($"--param '{pair}' is not name=value (for example --param sigma=1.5).");
                }

                values[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }

            var spec = new ChainSpec([new StepSpec(1, parse.GetValue(method)!, values)]);
            return Execute(parse, spec, io, cancellation);
        });
        return command;
    }

    public static Command CreateRun()
    {
        var io = new ProcessingOptions();
        var chain = new Option<string?>("--chain", "-c") { Description = "The chain, e.g. \"gaussian(sigma=1.5) | bm3d(sigma=auto)\"." };
        var chainFile = new Option<FileInfo?>("--chain-file") { Description = "A JSON chain file: {\"steps\": [{\"plugin\": \"gaussian\", \"parameters\": {\"sigma\": 1.5}}]}." };
        var command = new Command("run", "Run a chain of plugins over an image, a TIFF stack or a folder.");
        io.AddTo(command);
        command.Options.Add(chain);
        command.Options.Add(chainFile);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(chain) is null) == (result.GetValue(chainFile) is null))
            {
                result.AddError("Give exactly one of --chain and --chain-file.");
            }
        });
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            var spec = parse.GetValue(chainFile) is { } file
                ? ChainSpec.ParseJson(File.Exists(file.FullName) ? File.ReadAllText(file.FullName) : throw new FileNotFoundException($"Chain file {file.FullName} not found."))
                : ChainSpec.Parse(parse.GetValue(chain)!);
            return Execute(parse, spec, io, cancellation);
        });
        return command;
    }

    private static int Execute(ParseResult parse, ChainSpec spec, ProcessingOptions io, CancellationToken cancellation)
    {
        // Read once before the plugins load, so a bad option fails at once; again with the session's log.
        io.Read(parse);
        using var session = Session.Start(parse);
        var options = io.Read(parse, session.Log);
        if (parse.GetValue(io.Merge))
        {
            return MergeShards(parse, io, options, session.Log);
        }

        var chain = ChainBuilder.Build(spec, session.Catalog, session.Log).WithStepTimeout(StepTimeoutOption.Read(parse, io.StepTimeout));
        session.Log.Information("Chain: {Chain}", string.Join(" | ", chain.Steps.Select(s => $"{s.Spec} [{s.Slot.Id} {s.Slot.Current.Manifest.Version}]")));
        var results = new AnalysisLog();
        var summary = new BatchRunner(chain, session.Log, results).Run(parse.GetValue(io.Input)!, parse.GetValue(io.Output)!, options, cancellation);
        var resultsPath = parse.GetValue(io.Results);
        if (!options.Shard.IsAll)
        {
            // A task writes its rows as JSON beside the results file; --merge joins them into it.
            session.Log.Information("Shard {Shard}: {Files} file(s) of the folder were this task's", options.Shard, summary.FilesDone + summary.FilesFailed);
            resultsPath = resultsPath is null ? null : BatchMerge.ShardResultsPath(resultsPath, options.Shard);
        }

        ResultsOption.Finish(results, resultsPath, session.Log);
        session.Log.Information("Done: {Done} file(s), {Pages} page(s) in {Seconds:F1} s; {Failed} file(s) failed", summary.FilesDone, summary.Pages, summary.Elapsed.TotalSeconds, summary.FilesFailed);
        if (summary.PageFailures.Count > 0)
        {
            session.Log.Warning(
                "{Count} page(s) failed ({TimedOut} timed out, {Abandoned} abandoned call(s)) and were written as --on-frame-error {Policy} says; their provenance records why",
                summary.PageFailures.Count, summary.PageFailures.Count(f => f.TimedOut), summary.AbandonedCalls, options.OnFrameError.ToString().ToLowerInvariant());
        }

        return summary.FilesFailed > 0 ? ExitCodes.PartialFailure
            : summary.PageFailures.Count > 0 ? ExitCodes.PagesFailed
            : ExitCodes.Success;
    }

    private static int MergeShards(ParseResult parse, ProcessingOptions io, BatchOptions options, Serilog.ILogger log)
    {
        var results = parse.GetValue(io.Results);
        var merged = BatchMerge.Merge(parse.GetValue(io.Input)!, parse.GetValue(io.Output)!, results, options);
        log.Information("Merge: {Outputs} output file(s) present{Rows}", merged.Outputs, results is null ? string.Empty : $"; {merged.ResultRows} analysis row(s) written to {Path.GetFullPath(results)}");
        if (merged.Missing.Count > 0)
        {
            foreach (var (input, owner) in merged.Missing.Take(20))
            {
                log.Error("No output for {Input}{Owner}", Path.GetFileName(input), owner.IsAll ? string.Empty : $" (shard {owner}: rerun it with --shard {owner})");
            }

            log.Error("{Count} input file(s) have no output: the shard tasks that own them failed or have not run", merged.Missing.Count);
            return ExitCodes.PartialFailure;
        }

        return ExitCodes.Success;
    }
}
