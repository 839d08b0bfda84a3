using System.Diagnostics;
using System.Text.RegularExpressions;
using Tacs.Tests.Support;

namespace Tacs.Tests.Validation;

/// <summary>
/// <c>tacs cluster submit --slurm</c> on a real one-node Slurm cluster (.ci/slurm-up starts one; CI runs it): a study
/// split into 4 array tasks and merged by the dependent job gives the report of the unsplit run.
/// </summary>
public sealed partial class SlurmClusterTests
{
    [Fact]
    public void AStudySplitInto4ArrayTasksGivesTheReportOfTheUnsplitRun()
    {
        RequireSlurm();
        using var temp = new TempFolder();
        // --plugins first in both runs: the job scripts pass it so, and the report records the command line.
        string[] study = ["--plugins", Repo.PluginsFolder, .. ShardingTests.TinyStudy];
        var single = CliRunner.Run([.. study, "-o", temp.File("single")]);
        Assert.True(single.ExitCode == 0, single.Error);

        var submit = CliRunner.Run(["--plugins", Repo.PluginsFolder, "cluster", "submit", "--slurm", "--tasks", "4", "--scripts", temp.File("slurm"), "--job-name", "tacs-test", "--time", "00:15:00",
            "--", .. ShardingTests.TinyStudy, "-o", temp.File("cluster")]);
        Assert.True(submit.ExitCode == 0, submit.Error);
        var arrayJob = JobId().Match(submit.Out).Groups[1].Value;
        var mergeJob = MergeId().Match(submit.Out).Groups[1].Value;
        Assert.True(arrayJob.Length > 0 && mergeJob.Length > 0, $"No job ids printed: {submit.Out}");
        Assert.Contains("#SBATCH --array=0-3", File.ReadAllText(temp.File("slurm/shards.sbatch")));

        WaitForJobs(TimeSpan.FromMinutes(10), arrayJob, mergeJob);

        var logs = string.Join("\n", Directory.GetFiles(temp.File("slurm"), "*.out").Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
        Assert.True(File.Exists(temp.File("cluster/report.json")), $"The merge job wrote no report. Job logs:\n{logs}");
        Assert.Equal(4, Directory.GetFiles(temp.File("cluster/shards"), "shard-*-of-4.json").Length);
        for (var k = 0; k < 4; k++)
        {
            Assert.True(File.Exists(temp.File($"slurm/shard-{k}.out")), $"Array task {k} left no log:\n{logs}");
        }

        StudyReports.AssertSame(temp.File("single"), temp.File("cluster"));
        Assert.Contains("4 shards on", File.ReadAllText(temp.File("cluster/report.json")));
    }

    [Fact]
    public void AFolderDenoisedAs2ArrayTasksGivesTheFilesOfOneRun()
    {
        RequireSlurm();
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("in"));
        foreach (var seed in new[] { "1", "2" })
        {
            Assert.Equal(0, CliRunner.Run("example", "-o", temp.File("ex" + seed), "--size", "32", "--frames", "2", "--seed", seed).ExitCode);
            File.Copy(temp.File($"ex{seed}/noisy.tif"), temp.File($"in/noisy{seed}.tif"));
            File.Copy(temp.File($"ex{seed}/clean.tif"), temp.File($"in/clean{seed}.tif"));
        }

        string[] denoise = ["denoise", temp.File("in"), "-o", temp.File("single"), "-m", "gaussian", "-p", "sigma=1.5"];
        var single = CliRunner.Run(["--plugins", Repo.PluginsFolder, .. denoise]);
        Assert.True(single.ExitCode == 0, single.Error);
        var submit = CliRunner.Run(["--plugins", Repo.PluginsFolder, "cluster", "submit", "--slurm", "--tasks", "2", "--scripts", temp.File("slurm"), "--job-name", "tacs-test", "--time", "00:10:00",
            "--", .. denoise[..3], temp.File("cluster"), .. denoise[4..]]);
        Assert.True(submit.ExitCode == 0, submit.Error);
        var (arrayJob, mergeJob) = (JobId().Match(submit.Out).Groups[1].Value, MergeId().Match(submit.Out).Groups[1].Value);
        Assert.True(arrayJob.Length > 0 && mergeJob.Length > 0, $"No job ids printed: {submit.Out}");

        WaitForJobs(TimeSpan.FromMinutes(10), arrayJob, mergeJob);

        var logs = string.Join("\n", Directory.GetFiles(temp.File("slurm"), "*.out").Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
        Assert.Contains("Merge: 4 output file(s) present", logs);
        foreach (var name in new[] { "clean1", "clean2", "noisy1", "noisy2" })
        {
            using var one = Tacs.Host.Imaging.ImageFiles.Open(temp.File($"single/{name}.tif"));
            using var split = Tacs.Host.Imaging.ImageFiles.Open(temp.File($"cluster/{name}.tif"));
            Assert.Equal(one.PageCount, split.PageCount);
            Assert.Equal(one.ReadPage(1).Pixels.ToArray(), split.ReadPage(1).Pixels.ToArray());
        }
    }

    [Fact]
    public void DryRunPrintsBothScriptsAndSubmitsNothing()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run("--plugins", Repo.PluginsFolder, "cluster", "submit", "--slurm", "--tasks", "3", "--cpus-per-task", "2", "--partition", "short", "--scripts", temp.File("slurm"), "--dry-run",
            "--", "validate", "-o", "report", "--method", "gaussian(sigma=1)");

        Assert.True(code == 0, error);
        Assert.Contains("#SBATCH --array=0-2", output);
        Assert.Contains("#SBATCH --cpus-per-task=2", output);
        Assert.Contains("#SBATCH --partition=short", output);
        Assert.Contains($"--plugins {Repo.PluginsFolder} validate -o report --method 'gaussian(sigma=1)' --shard \"${{SLURM_ARRAY_TASK_ID}}/3\"", output);
        Assert.Contains("validate -o report --method 'gaussian(sigma=1)' --merge", output);
        Assert.False(Directory.Exists(temp.File("slurm")), "--dry-run must write nothing.");
    }

    [Theory]
    [InlineData("Say which scheduler: --slurm", "--tasks", "2", "--", "validate")]
    [InlineData("'measure' cannot be split", "--slurm", "--", "measure", "x")]
    [InlineData("Leave --shard and --merge out", "--slurm", "--", "validate", "--shard", "0/2")]
    [InlineData("use 1 to 10000 array tasks", "--slurm", "--tasks", "0", "--", "validate")]
    public void BadSubmissionsFailClearly(string expected, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(["cluster", "submit", "--dry-run", .. args]);

        Assert.Equal(1, code);
        Assert.Contains(expected, output + error);
    }

    // Never skipped: without a running cluster the test fails and says how to start one.
    private static void RequireSlurm()
    {
        var (code, output) = Run("sinfo", "-h", "-o", "%t");
        Assert.True(code == 0 && output.Split('\n').Any(s => s.Trim() is "idle" or "mix" or "alloc"),
            $"Slurm is not installed or not running here (sinfo: exit {code}, '{output.Trim()}'). Start a one-node cluster as root with .ci/slurm-up (.ci/test-setup, the first half of the README's test command, does it); see docs/cluster.md.");
    }

    private static void WaitForJobs(TimeSpan limit, params string[] jobs)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var (code, output) = Run("squeue", "-h", "-j", string.Join(',', jobs), "-o", "%i %T");
            // squeue forgets finished jobs after a while and then fails on their ids: both mean done.
            if (code != 0 || output.Trim().Length == 0)
            {
                return;
            }

            Thread.Sleep(1000);
        }

        Run("scancel", [.. jobs]);
        Assert.Fail($"The Slurm jobs {string.Join(", ", jobs)} did not finish within {limit.TotalMinutes} minutes (cancelled).");
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{program} not found: {ex.Message}");
        }
    }

    [GeneratedRegex(@"shards-job: (\d+)")]
    private static partial Regex JobId();

    [GeneratedRegex(@"merge-job: (\d+)")]
    private static partial Regex MergeId();
}
