using System.Diagnostics;

namespace Tacs.Tests.Support;

/// <summary>Runs the built <c>tacs</c> program as a user would and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args) => RunWith(null, args);

    public static (int ExitCode, string Out, string Error) RunWith(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var program = Path.Combine(Repo.AppFolder, "tacs.dll");
        Assert.True(File.Exists(program), $"{program} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The folders a user may have exported would change what tacs loads; tests name their own.
        start.Environment.Remove("TACS_PLUGINS");
        start.Environment.Remove("TACS_MODELS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Generous: the quick validation study takes about 40 s alone but several minutes on a loaded 2-core machine.
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("tacs did not finish within 10 minutes (killed).");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
