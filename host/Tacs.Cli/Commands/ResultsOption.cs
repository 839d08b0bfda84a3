using System.CommandLine;
using Tacs.Host.Results;

namespace Tacs.Cli.Commands;

/// <summary><c>--results FILE</c> on <c>denoise</c>, <c>run</c> and <c>acquire</c>: the analysers' results as data.</summary>
internal static class ResultsOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--results")
        {
            Description = "Write the analysers' results to FILE (.csv or .json): one row per frame and analyser with label, probabilities and features.",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && Path.GetExtension(path).ToLowerInvariant() is not (".csv" or ".json"))
            {
                result.AddError($"--results {path}: the file must end in .csv or .json.");
            }
        });
        return option;
    }

    /// <summary>Prints the summary of the analysers' results and writes them when asked.</summary>
    public static void Finish(AnalysisLog results, string? path, Serilog.ILogger log)
    {
        if (results.Rows.Count > 0)
        {
            Console.WriteLine("Analysis:");
            foreach (var line in results.Summary())
            {
                Console.WriteLine("  " + line);
            }
        }

        if (path is not null)
        {
            results.Write(path);
            log.Information("Results: {Rows} row(s) written to {Path}", results.Rows.Count, Path.GetFullPath(path));
            if (results.Rows.Count == 0)
            {
                log.Warning("No analyser ran in the chain, so {Path} holds no rows. Add an analyser step (see 'tacs plugins list')", path);
            }
        }
    }
}
