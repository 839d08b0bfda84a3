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

        start.Environment.Remove("TACS_PLUGINS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "tacs did not finish within 2 minutes.");
        return (process.ExitCode, output.Result, error.Result);
    }
}
