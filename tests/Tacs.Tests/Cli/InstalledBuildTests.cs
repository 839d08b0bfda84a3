using System.Diagnostics;
using Tacs.Diagnostics;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>
/// The README's two commands run in order, `./setup.sh` (Release) then `dotnet test` (Debug): the second must leave the
/// installed program in artifacts/tacs as the first built it. A Debug BM3D there ran five times slower.
/// </summary>
public sealed class InstalledBuildTests
{
    private static string OutDir(string project, string configuration)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "msbuild", Path.Combine(Repo.Root, project), "-getProperty:OutDir", $"-p:Configuration={configuration}", "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        Assert.True(process.WaitForExit(120_000) && process.ExitCode == 0, $"msbuild failed: {output} {process.StandardError.ReadToEnd()}");
        return Path.GetFullPath(output);
    }

    [Fact]
    public void EveryAssemblyInTheProgramFolderIsTheVersionTacsWasBuiltAgainst()
    {
        // Several projects build into one folder (tacs and its kernel probe); a dependency one of them resolves to an
        // older version must not overwrite the one tacs needs, whichever project builds last.
        using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.AppFolder, "tacs.deps.json")));
        var checkedCount = 0;
        foreach (var library in deps.RootElement.GetProperty("targets").EnumerateObject().First().Value.EnumerateObject())
        {
            if (!library.Value.TryGetProperty("runtime", out var runtime))
            {
                continue;
            }

            foreach (var file in runtime.EnumerateObject())
            {
                var path = Path.Combine(Repo.AppFolder, Path.GetFileName(file.Name));
                if (!file.Value.TryGetProperty("assemblyVersion", out var version) || !File.Exists(path))
                {
                    continue;
                }

                var actual = System.Reflection.AssemblyName.GetAssemblyName(path).Version;
                Assert.True(Version.Parse(version.GetString()!) == actual, $"{Path.GetFileName(path)} in {Repo.AppFolder} is {actual}, but tacs was built against {version.GetString()} ({library.Name}).");
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 20, $"only {checkedCount} assemblies checked");
    }

    [Theory]
    [InlineData("host/Tacs.Cli/Tacs.Cli.csproj")]
    [InlineData("host/Tacs.Torch.Probe/Tacs.Torch.Probe.csproj")]
    [InlineData("plugins/Denoise.BM3D/Denoise.BM3D.csproj")]
    [InlineData("plugins/Denoise.DRUNet/Denoise.DRUNet.csproj")]
    public void OnlyAReleaseBuildWritesIntoTheInstalledProgramFolder(string project)
    {
        var installed = Path.Combine(Repo.Root, "artifacts", "tacs") + Path.DirectorySeparatorChar;
        Assert.StartsWith(installed, OutDir(project, "Release"), StringComparison.Ordinal);
        var debug = OutDir(project, "Debug");
        Assert.False(debug.StartsWith(installed, StringComparison.Ordinal), $"{project} in Debug builds into {debug}");
        Assert.StartsWith(Path.Combine(Repo.Root, "artifacts", "tacs-debug"), debug, StringComparison.Ordinal);
    }

    [Fact]
    public void TheInstalledProgramAndItsPluginsAreReleaseBuilds()
    {
        var installed = Path.Combine(Repo.Root, "artifacts", "tacs");
        Assert.True(File.Exists(Path.Combine(installed, "tacs.dll")), $"{installed}/tacs.dll is missing: run ./setup.sh (the README's first command) before the tests.");
        var files = Directory.GetFiles(installed, "Tacs.*.dll").Append(Path.Combine(installed, "tacs.dll"))
            .Concat(Directory.GetDirectories(Path.Combine(installed, "plugins")).Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")).Where(File.Exists))
            .ToList();
        Assert.True(files.Count >= 8, $"only {files.Count} assemblies found in {installed}");
        var notRelease = files.Select(f => (File: f, Configuration: BuildConfiguration.OfFile(f))).Where(f => f.Configuration != "Release").ToList();
        Assert.True(notRelease.Count == 0, "Not Release: " + string.Join(", ", notRelease.Select(f => $"{Path.GetRelativePath(installed, f.File)} ({f.Configuration})")));
    }

    [Fact]
    public void TheConfigurationIsReadFromTheAssemblyItself()
    {
        // This test assembly is built by `dotnet test` in Debug, the program under test in the same configuration.
        var own = BuildConfiguration.OfFile(typeof(InstalledBuildTests).Assembly.Location);
        Assert.Equal(BuildConfiguration.Of(typeof(InstalledBuildTests).Assembly), own);
        Assert.Equal(own, BuildConfiguration.OfFile(Path.Combine(Repo.AppFolder, "tacs.dll")));
        Assert.Null(BuildConfiguration.OfFile(Path.Combine(Repo.Root, "README.md")));
    }
}
