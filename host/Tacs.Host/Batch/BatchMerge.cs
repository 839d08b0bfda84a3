using Tacs.Host.Imaging;
using Tacs.Host.Results;

namespace Tacs.Host.Batch;

/// <summary>What joining the parts of a split folder run found.</summary>
/// <param name="Outputs">Output files present, one per input (files of a multi-file dataset after its first have none).</param>
/// <param name="Missing">Inputs whose output no task wrote, with the shard that owns each.</param>
/// <param name="ResultRows">Analysis rows joined into the results file (0 when none was asked for).</param>
public sealed record BatchMergeSummary(int Outputs, IReadOnlyList<(string Input, Shard Owner)> Missing, int ResultRows);

/// <summary>
/// The merge step of a folder run split with <c>--shard K/N</c> (for example as a Slurm job array): every task wrote its
/// own files' outputs into the shared output folder and its analysis rows into a shard file beside the results file.
/// The merge checks that every input has its output and writes the results file a single run writes: the same rows in
/// the same order (input files in name order, then pages).
/// </summary>
public static class BatchMerge
{
    /// <summary>The file a task of a split run writes its analysis rows to: <c>r.csv</c> → <c>r.shard-2-of-4.json</c>.</summary>
    public static string ShardResultsPath(string results, Shard shard)
    {
        var full = Path.GetFullPath(results);
        return Path.Combine(Path.GetDirectoryName(full)!, shard.FileName(Path.GetFileNameWithoutExtension(full) + ".shard"));
    }

    /// <summary>Checks the outputs of a split run and joins its analysis rows into <paramref name="results"/>.</summary>
    /// <param name="input">The folder the run read.</param>
    /// <param name="output">The folder it wrote.</param>
    /// <param name="results">The results file to write from the shard files, or null.</param>
    /// <param name="options">The run's options (for reading, to recognise multi-file datasets).</param>
    /// <exception cref="ArgumentException">The input is not a folder, or shard files are missing or disagree.</exception>
    /// <exception cref="InvalidDataException">A shard file is damaged.</exception>
    public static BatchMergeSummary Merge(string input, string output, string? results, BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.GetFullPath(input);
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"--merge joins the parts of a folder run, but {input} is not a folder.");
        }

        var (sources, targets) = BatchRunner.PlanFiles(folder, Path.GetFullPath(output), options with { Shard = Shard.All });
        var shardCount = 0;
        var rows = results is null ? [] : ReadShards(results, out shardCount);
        var missing = new List<int>();
        var present = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (File.Exists(targets[i]))
            {
                present++;
            }
            else if (!IsLaterFileOfADataset(sources[i], options))
            {
                missing.Add(i);
            }
        }

        if (results is not null)
        {
            // Rows name their input by file name (the inputs of one folder, so names are unique).
            var order = sources.Select((s, i) => (Name: Path.GetFileName(s), i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
            var log = new AnalysisLog();
            log.AddRows(rows.OrderBy(r => order.GetValueOrDefault(r.Source, int.MaxValue)).ThenBy(r => r.Frame));
            log.Write(results);
        }

        // Name the shard that owns each missing file when the shard count is known, so that its task can be rerun.
        var owners = missing.Select(i => (sources[i], shardCount > 0 ? new Shard(i % shardCount, shardCount) : Shard.All)).ToList();
        return new BatchMergeSummary(present, owners, rows.Count);
    }

    // Every shard file of the results path, all N of one split, in shard order.
    private static List<AnalysisRow> ReadShards(string results, out int count)
    {
        var full = Path.GetFullPath(results);
        var folder = Path.GetDirectoryName(full)!;
        var stem = Path.GetFileNameWithoutExtension(full) + ".shard-";
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, stem + "*-of-*.json").Select(f => (Path: f, Shard: Parse(Path.GetFileName(f)[stem.Length..^5]))).Where(f => f.Shard is not null).ToList()
            : [];
        if (files.Count == 0)
        {
            throw new ArgumentException($"No shard results ({stem}K-of-N.json) beside {results}: run the shards with --results {results} first.");
        }

        var counts = files.Select(f => f.Shard!.Value.Count).Distinct().ToList();
        if (counts.Count > 1)
        {
            throw new ArgumentException($"Shard results of different splits lie beside {results} (of {string.Join(" and ", counts)} shards): remove the old ones and merge again.");
        }

        var n = counts[0];
        var absent = Enumerable.Range(0, n).Except(files.Select(f => f.Shard!.Value.Index)).ToList();
        if (absent.Count > 0)
        {
            throw new ArgumentException($"Shard results missing for {string.Join(", ", absent.Select(k => $"{k}/{n}"))}: rerun those tasks (--shard K/{n}), then merge again.");
        }

        count = n;

        return [.. files.OrderBy(f => f.Shard!.Value.Index).SelectMany(f => AnalysisJson.Read(f.Path))];
    }

    private static Shard? Parse(string text)
    {
        try
        {
            return Shard.Parse(text.Replace("-of-", "/", StringComparison.Ordinal));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // A file of a multi-file OME-TIFF dataset other than its first is written with the first, so it has no output of its own.
    private static bool IsLaterFileOfADataset(string source, BatchOptions options)
    {
        try
        {
            using var image = ImageFiles.Open(source, options.Read);
            return image is Tacs.Host.Imaging.Dimensions.OmeDatasetSource dataset
                && !string.Equals(dataset.Files.Select(Path.GetFullPath).Order(StringComparer.Ordinal).First(), source, StringComparison.Ordinal);
        }
        catch (ImageReadException)
        {
            return false;
        }
    }
}
