using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tacs.Torch.Platform;

/// <summary>
/// Makes training right on every x86-64 CPU: before libtorch's first convolution in this process, picks the fastest
/// oneDNN setting whose training-step gradients agree with libtorch's own kernels, checked once per CPU model and
/// libtorch version in child processes (oneDNN reads its ISA cap once per process) and remembered in a cache file.
/// </summary>
/// <remarks>
/// Environment: <c>ONEDNN_MAX_CPU_ISA</c> set by the user is respected as it is; <c>TACS_KERNELS</c> = <c>auto</c> (default),
/// <c>default</c>, <c>off</c> or an ISA cap forces a choice without checking; <c>TACS_CACHE</c> moves the cache folder.
/// </remarks>
public static class KernelGuard
{
    /// <summary>Environment variable that forces a choice: auto, default, off, or an ONEDNN_MAX_CPU_ISA value.</summary>
    public const string ChoiceVariable = "TACS_KERNELS";

    /// <summary>File name of the child program that runs <see cref="KernelProbe"/>, next to the host.</summary>
    public const string ProbeProgram = "tacs-kernel-probe.dll";

    // Bumped when the probe changes, so that old cached verdicts are not trusted.
    private const int ProbeVersion = 1;

    // The decision is process-wide (one libtorch per process) while this assembly may be loaded in several plugin
    // load contexts: AppContext data is shared by all of them.
    private const string ProcessKey = "Tacs.Torch.KernelChoice";
    private static readonly Lock Gate = new();

    /// <summary>The choice in force in this process, or null before <see cref="Ensure"/>.</summary>
    public static KernelChoice? Current => AppContext.GetData(ProcessKey) as string is { } json ? JsonSerializer.Deserialize<KernelChoice>(json, KernelJson.Options) : null;

    /// <summary>Decides and applies the kernel setting once per process; later calls return the same choice at no cost.</summary>
    public static KernelChoice Ensure()
    {
        lock (Gate)
        {
            if (Current is { } done)
            {
                return done;
            }

            var choice = Decide(Environment.GetEnvironmentVariable(ChoiceVariable), Environment.GetEnvironmentVariable(NativeSwitches.IsaVariable), RunTrials);
            Apply(choice);
            AppContext.SetData(ProcessKey, JsonSerializer.Serialize(choice, KernelJson.Options));
            return choice;
        }
    }

    /// <summary>
    /// Called when training met a NaN or infinity with oneDNN on and the same step was finite without it: switches oneDNN off
    /// for the rest of the process and records the setting as failed in the cache, so that later runs on this CPU start
    /// without it. Returns the new choice.
    /// </summary>
    public static KernelChoice SwitchOffAfterFailure(string what)
    {
        lock (Gate)
        {
            var before = Current;
            NativeSwitches.SetOneDnnEnabled(false);
            var failedCap = before?.Cap ?? "default";
            var failed = new KernelTrial(failedCap, new KernelProbeResult(false, false, double.PositiveInfinity, what, 0, 0), null, null, null);
            var trials = (before?.Trials ?? []).Where(t => t.Cap != failedCap).Prepend(failed).ToList();
            var choice = new KernelChoice("off", "fallback", trials, $"oneDNN ({failedCap}) gave {what} in training on this CPU while libtorch's own kernels did not; switched off for this and later runs (delete {CacheFolder()}/kernel-check-*.json to check again)");
            AppContext.SetData(ProcessKey, JsonSerializer.Serialize(choice, KernelJson.Options));
            if (before?.Source != "user")
            {
                TryWriteCache(trials);
            }

            return choice;
        }
    }

    /// <summary>Puts a choice back as the process's choice, switching oneDNN on or off to match (for tests that changed it).</summary>
    internal static void Restore(KernelChoice choice)
    {
        lock (Gate)
        {
            NativeSwitches.SetOneDnnEnabled(choice.Cap != "off");
            AppContext.SetData(ProcessKey, JsonSerializer.Serialize(choice, KernelJson.Options));
        }
    }

    /// <summary>The candidates in the order tried, fastest first: no cap, then AVX2 where the CPU has AVX-512, then SSE4.1.</summary>
    public static IReadOnlyList<string> Candidates(IReadOnlyList<string> isaFlags) =>
        isaFlags.Contains("avx512f") ? ["default", "AVX2", "SSE41"] : isaFlags.Contains("avx2") ? ["default", "SSE41"] : ["default"];

    /// <summary>The decision, separated from processes and files so that it can be tested with made-up trials.</summary>
    /// <param name="forced">TACS_KERNELS.</param>
    /// <param name="userIsa">ONEDNN_MAX_CPU_ISA as the user set it.</param>
    /// <param name="trials">Runs (or reads from the cache) the trials for the candidates; returns them with their source.</param>
    public static KernelChoice Decide(string? forced, string? userIsa, Func<(IReadOnlyList<KernelTrial> Trials, string Source)> trials)
    {
        if (!string.IsNullOrWhiteSpace(userIsa))
        {
            return new KernelChoice(userIsa.Trim(), "user", [], $"{NativeSwitches.IsaVariable}={userIsa.Trim()} set in the environment; not checked");
        }

        if (!string.IsNullOrWhiteSpace(forced) && !forced.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            var value = forced.Trim();
            return new KernelChoice(value.Equals("off", StringComparison.OrdinalIgnoreCase) ? "off" : value.Equals("default", StringComparison.OrdinalIgnoreCase) ? "default" : value.ToUpperInvariant(), "user", [], $"{ChoiceVariable}={value}; not checked");
        }

        var (tried, source) = trials();
        var good = tried.FirstOrDefault(t => t.Agrees);
        if (tried.Count == 0 || tried.All(t => t.Result is null))
        {
            var why = tried.Count == 0 ? "no check was possible" : tried[0].Error;
            return new KernelChoice("default", "unchecked", tried, $"the kernel check could not run ({why}); oneDNN left at its default");
        }

        // A child that crashed is counted as failed too: a kernel fault may end the process instead of giving NaN.
        var failed = tried.TakeWhile(t => !t.Agrees).Select(t => t.Cap).ToList();
        var note = failed.Count == 0 ? null : $"oneDNN at {string.Join(", ", failed)} gave wrong training gradients (or its check crashed) on this CPU and is not used";
        return good is not null
            ? new KernelChoice(good.Cap, source, tried, note)
            : new KernelChoice("off", source, tried, note);
    }

    /// <summary>Runs the probe in a child process for one candidate (also used by <c>tacs doctor</c>).</summary>
    public static KernelTrial RunChild(string cap, TimeSpan? timeout = null)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, ProbeProgram);
        if (!File.Exists(probe))
        {
            return new KernelTrial(cap, null, $"{probe} is missing (a build without the kernel probe)", null, null);
        }

        var host = Environment.ProcessPath is { } running && Path.GetFileNameWithoutExtension(running) == "dotnet" ? running : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(cap);
        start.Environment["ONEDNN_VERBOSE"] = "1";
        start.Environment.Remove(NativeSwitches.IsaVariable);
        if (cap is not ("default" or "off"))
        {
            start.Environment[NativeSwitches.IsaVariable] = cap;
        }

        try
        {
            using var child = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var stderr = child.StandardError.ReadToEndAsync();
            var lines = new List<string>();
            var reading = Task.Run(() =>
            {
                while (child.StandardOutput.ReadLine() is { } line)
                {
                    if (line.StartsWith("RESULT ", StringComparison.Ordinal) || line.Contains(",info,", StringComparison.Ordinal) || line.Contains(",exec,cpu,convolution,", StringComparison.Ordinal) || line.Contains(",exec,cpu,deconvolution,", StringComparison.Ordinal))
                    {
                        lines.Add(line);
                    }
                }
            });
            if (!child.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
            {
                child.Kill(entireProcessTree: true);
                return new KernelTrial(cap, null, "the check did not finish within its time limit", null, null);
            }

            reading.Wait();
            var result = lines.LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (child.ExitCode != 0 || result is null)
            {
                var error = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                return new KernelTrial(cap, null, $"the check process exited with code {child.ExitCode} {error}".Trim(), null, null);
            }

            return new KernelTrial(cap, JsonSerializer.Deserialize<KernelProbeResult>(result["RESULT ".Length..], KernelJson.Options), null, OneDnnVerbose.Version(lines), OneDnnVerbose.Kernels(lines));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or JsonException or IOException)
        {
            return new KernelTrial(cap, null, e.Message, null, null);
        }
    }

    private static void Apply(KernelChoice choice)
    {
        if (choice.Cap == "off")
        {
            NativeSwitches.SetOneDnnEnabled(false);
        }
        else if (choice.Cap != "default" && choice.Source != "user")
        {
            NativeSwitches.SetNativeEnvironment(NativeSwitches.IsaVariable, choice.Cap);
        }
        else if (choice.Source == "user" && Environment.GetEnvironmentVariable(NativeSwitches.IsaVariable) is null && choice.Cap != "default")
        {
            NativeSwitches.SetNativeEnvironment(NativeSwitches.IsaVariable, choice.Cap);
        }
    }

    // Trials come from the cache when this CPU and libtorch were checked before; otherwise from child processes,
    // stopping at the first candidate that agrees. A file lock keeps parallel processes from checking at once.
    private static (IReadOnlyList<KernelTrial> Trials, string Source) RunTrials()
    {
        var facts = Tacs.Diagnostics.MachineFacts.Current();
        var key = Fingerprint(facts);
        var folder = CacheFolder();
        var path = Path.Combine(folder, $"kernel-check-{key}.json");
        if (TryRead(path) is { } cached)
        {
            return (cached, "cache");
        }

        try
        {
            Directory.CreateDirectory(folder);
            using var held = AcquireLock(Path.Combine(folder, "kernel-check.lock"));
            if (TryRead(path) is { } again)
            {
                return (again, "cache");
            }

            var trials = Probe(facts.IsaFlags);
            if (trials.Any(t => t.Result is not null))
            {
                Write(path, trials);
            }

            return (trials, "probe");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No writable cache: check anyway, every run.
            return (Probe(facts.IsaFlags), "probe");
        }
    }

    private static void Write(string path, IReadOnlyList<KernelTrial> trials)
    {
        var temporary = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(trials, KernelJson.Options));
        File.Move(temporary, path, overwrite: true);
    }

    private static void TryWriteCache(IReadOnlyList<KernelTrial> trials)
    {
        try
        {
            var folder = CacheFolder();
            Directory.CreateDirectory(folder);
            Write(Path.Combine(folder, $"kernel-check-{Fingerprint(Tacs.Diagnostics.MachineFacts.Current())}.json"), trials);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The switch holds for this process; a later run checks again.
        }
    }

    private static List<KernelTrial> Probe(IReadOnlyList<string> flags)
    {
        var trials = new List<KernelTrial>();
        foreach (var cap in Candidates(flags))
        {
            var trial = RunChild(cap);
            trials.Add(trial);
            if (trial.Agrees)
            {
                break;
            }
        }

        return trials;
    }

    private static List<KernelTrial>? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<List<KernelTrial>>(File.ReadAllText(path), KernelJson.Options) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>The folder where checked choices are kept: $TACS_CACHE, else $XDG_CACHE_HOME/tacs, else ~/.cache/tacs.</summary>
    public static string CacheFolder()
    {
        var own = Environment.GetEnvironmentVariable("TACS_CACHE");
        if (!string.IsNullOrWhiteSpace(own))
        {
            return Path.GetFullPath(own);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrWhiteSpace(xdg) ? Path.Combine(xdg, "tacs") : Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".cache", "tacs");
    }

    private static string Fingerprint(Tacs.Diagnostics.MachineFacts facts)
    {
        var text = $"{ProbeVersion}|{facts.CpuModel}|{string.Join(',', facts.IsaFlags)}|{TorchFacts.LibTorchVersion}|{TorchFacts.TorchSharpVersion}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
