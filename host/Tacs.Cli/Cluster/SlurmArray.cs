using System.Globalization;
using System.Text;

namespace Tacs.Cli.Cluster;

/// <summary>Settings of a Slurm job array that runs one tacs command in shards, and of its merge job.</summary>
internal sealed record SlurmRequest
{
    /// <summary>The tacs program as the compute nodes start it (for example <c>dotnet /opt/tacs/tacs.dll</c>), already split into words.</summary>
    public required IReadOnlyList<string> Program { get; init; }

    /// <summary>Absolute plugins folder, passed to every task.</summary>
    public required string PluginsFolder { get; init; }

    /// <summary>The tacs command and its arguments, without --shard or --merge.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Number of array tasks (shards).</summary>
    public required int Tasks { get; init; }

    /// <summary>Folder the tasks start in (relative paths of the command resolve there).</summary>
    public required string WorkingFolder { get; init; }

    /// <summary>Folder of the scripts and the tasks' logs.</summary>
    public required string ScriptFolder { get; init; }

    public string JobName { get; init; } = "tacs";

    public int CpusPerTask { get; init; } = 1;

    public string? Partition { get; init; }

    public string? Time { get; init; }

    public string? Memory { get; init; }

    /// <summary>Tasks of the array running at once (Slurm's %limit), or null for no limit.</summary>
    public int? Throttle { get; init; }
}

/// <summary>Writes the two sbatch scripts: the array of shards and the merge that runs after all of them succeed.</summary>
internal static class SlurmArray
{
    public static string ShardsScript(SlurmRequest r)
    {
        var array = r.Throttle is { } limit ? $"0-{r.Tasks - 1}%{limit}" : $"0-{r.Tasks - 1}";
        var text = Header(r, $"{r.JobName}-shards", Path.Combine(r.ScriptFolder, "shard-%a.out"), $"# Part $SLURM_ARRAY_TASK_ID of {r.Tasks} of: tacs {string.Join(' ', r.Command)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={array}\n");
        Body(text, r);
        text.Append("exec ").Append(Words(r)).Append(CultureInfo.InvariantCulture, $" --shard \"${{SLURM_ARRAY_TASK_ID}}/{r.Tasks}\"\n");
        return text.ToString();
    }

    public static string MergeScript(SlurmRequest r)
    {
        var text = Header(r, $"{r.JobName}-merge", Path.Combine(r.ScriptFolder, "merge.out"), $"# Merges the {r.Tasks} shards of: tacs {string.Join(' ', r.Command)}\n# Submitted with --dependency=afterok on the array: it starts only when every shard succeeded.\n");
        Body(text, r);
        text.Append("exec ").Append(Words(r)).Append(" --merge\n");
        return text.ToString();
    }

    /// <summary>Quotes a word for bash (single quotes; a quote inside becomes '\'').</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static StringBuilder Header(SlurmRequest r, string name, string log, string comment)
    {
        var text = new StringBuilder("#!/bin/bash\n# Written by 'tacs cluster submit --slurm'; docs/cluster.md explains it.\n").Append(comment);
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={name}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --chdir={r.WorkingFolder}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={log}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --ntasks=1\n#SBATCH --cpus-per-task={r.CpusPerTask}\n");
        if (r.Partition is { } partition)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        }

        if (r.Time is { } time)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        }

        if (r.Memory is { } memory)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={memory}\n");
        }

        return text;
    }

    private static void Body(StringBuilder text, SlurmRequest r)
    {
        text.Append("set -euo pipefail\n");
        // Without CPU binding (TaskPlugin=task/none) .NET would see every core of the node: use the allocation.
        text.Append("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-").Append(r.CpusPerTask.ToString(CultureInfo.InvariantCulture)).Append("}\"\n");
    }

    private static string Words(SlurmRequest r) =>
        string.Join(' ', r.Program.Select(Quote)) + " --plugins " + Quote(r.PluginsFolder) + " " + string.Join(' ', r.Command.Select(Quote));
}
