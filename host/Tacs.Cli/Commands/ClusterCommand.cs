using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using Tacs.Cli.Cluster;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs cluster submit --slurm</c>: runs a tacs command as a Slurm job array of shards and a dependent merge job.</summary>
internal static class ClusterCommand
{
    /// <summary>Commands that take --shard K/N and --merge.</summary>
    public static readonly string[] Shardable = ["validate", "compare", "denoise", "run"];

    public static Command Create()
    {
        var slurm = new Option<bool>("--slurm") { Description = "Submit to Slurm with sbatch (the only scheduler supported)." };
        var tasks = new Option<int>("--tasks", "-n") { Description = "Array tasks (shards) to split the work into.", DefaultValueFactory = _ => 4 };
        var cpus = new Option<int>("--cpus-per-task", "-c") { Description = "Cores per task (tacs uses that many).", DefaultValueFactory = _ => 1 };
        var partition = new Option<string?>("--partition", "-p") { Description = "Slurm partition (default: the cluster's default)." };
        var time = new Option<string?>("--time", "-t") { Description = "Time limit per task, as sbatch takes it (e.g. 02:00:00)." };
        var memory = new Option<string?>("--mem") { Description = "Memory per task, as sbatch takes it (e.g. 8G)." };
        var throttle = new Option<int?>("--max-running") { Description = "Run at most this many tasks at once (sbatch --array=…%N)." };
        var name = new Option<string>("--job-name") { Description = "Job name prefix.", DefaultValueFactory = _ => "tacs" };
        var scripts = new Option<string>("--scripts") { Description = "Folder for the two sbatch scripts and the tasks' logs (shared with the nodes).", DefaultValueFactory = _ => "slurm" };
        var program = new Option<string?>("--tacs") { Description = "How the nodes start tacs, e.g. \"/opt/tacs/tacs\" (default: this tacs, as it was started)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the two scripts; write and submit nothing." };
        var command = new Argument<string[]>("command") { Description = "The tacs command to split, after --: e.g. -- validate -o report --per-class 300", Arity = ArgumentArity.OneOrMore };
        var submit = new Command("submit", "Submit a tacs command as a job array of shards (each runs --shard $SLURM_ARRAY_TASK_ID/N) and a merge job that starts when all succeeded (--dependency=afterok); prints the job ids. The plugins folder goes to every task; relative paths resolve in the current folder, which must be shared with the nodes.")
        {
            slurm, tasks, cpus, partition, time, memory, throttle, name, scripts, program, dryRun, command,
        };
        CommandRunner.SetAction(submit, (parse, _) =>
        {
            if (!parse.GetValue(slurm))
            {
                throw new ArgumentException("Say which scheduler: --slurm (the only one supported).");
            }

            var words = parse.GetValue(command)!;
            if (!Shardable.Contains(words[0]))
            {
                throw new ArgumentException($"'{words[0]}' cannot be split into shards; commands that can: {string.Join(", ", Shardable)}. Write it after --, e.g. tacs cluster submit --slurm -- validate -o report.");
            }

            if (words.Any(w => w is "--shard" or "--merge" || w.StartsWith("--shard=", StringComparison.Ordinal)))
            {
                throw new ArgumentException("Leave --shard and --merge out of the command: each task gets its --shard, the merge job --merge.");
            }

            var count = parse.GetValue(tasks);
            if (count is < 1 or > 10_000)
            {
                throw new ArgumentException($"--tasks {count}: use 1 to 10000 array tasks.");
            }

            if (parse.GetValue(cpus) < 1)
            {
                throw new ArgumentException("--cpus-per-task must be at least 1.");
            }

            using var session = Session.Start(parse);
            var request = new SlurmRequest
            {
                Program = parse.GetValue(program) is { Length: > 0 } given ? given.Split(' ', StringSplitOptions.RemoveEmptyEntries) : ThisProgram(),
                PluginsFolder = Path.GetFullPath(session.Catalog.PluginsFolder),
                Command = words,
                Tasks = count,
                WorkingFolder = Environment.CurrentDirectory,
                ScriptFolder = Path.GetFullPath(parse.GetValue(scripts)!),
                JobName = parse.GetValue(name)!,
                CpusPerTask = parse.GetValue(cpus),
                Partition = parse.GetValue(partition),
                Time = parse.GetValue(time),
                Memory = parse.GetValue(memory),
                Throttle = parse.GetValue(throttle),
            };
            var shardsScript = SlurmArray.ShardsScript(request);
            var mergeScript = SlurmArray.MergeScript(request);
            if (parse.GetValue(dryRun))
            {
                Console.WriteLine($"# --dry-run: nothing written or submitted.\n# {Path.Combine(request.ScriptFolder, "shards.sbatch")}\n{shardsScript}\n# {Path.Combine(request.ScriptFolder, "merge.sbatch")} (sbatch --dependency=afterok:<array job id>)\n{mergeScript}");
                return ExitCodes.Success;
            }

            Directory.CreateDirectory(request.ScriptFolder);
            var shardsPath = Path.Combine(request.ScriptFolder, "shards.sbatch");
            var mergePath = Path.Combine(request.ScriptFolder, "merge.sbatch");
            File.WriteAllText(shardsPath, shardsScript);
            File.WriteAllText(mergePath, mergeScript);
            var arrayJob = Sbatch(shardsPath);
            var mergeJob = Sbatch($"--dependency=afterok:{arrayJob}", "--kill-on-invalid-dep=yes", mergePath);
            Console.WriteLine($"shards-job: {arrayJob}\nmerge-job: {mergeJob}");
            Console.WriteLine($"Submitted {count} shards as array job {arrayJob} and the merge as job {mergeJob} (starts when every shard succeeded). Logs: {request.ScriptFolder}/shard-<K>.out, merge.out. Watch: squeue -j {arrayJob},{mergeJob}");
            return ExitCodes.Success;
        });
        return new Command("cluster", "Run tacs work on a cluster scheduler.") { submit };
    }

    // dotnet tacs.dll when started through the dotnet host, else the apphost itself.
    private static string[] ThisProgram()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry is { Length: > 0 } ? [process, entry] : [process];
    }

    private static string Sbatch(params string[] args)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ArgumentException($"sbatch could not be started ({ex.Message}): run this on a Slurm login node, or add --dry-run to see the scripts.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new ArgumentException($"sbatch {string.Join(' ', args)} failed (exit {process.ExitCode}): {error.Trim()}");
            }

            // --parsable prints "jobid" or "jobid;cluster".
            return output.Result.Trim().Split(';')[0];
        }
    }
}
