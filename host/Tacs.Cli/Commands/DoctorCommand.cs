using System.CommandLine;
using Tacs.Diagnostics;
using Tacs.Host.Plugins;
using Tacs.Torch.Inference;
using Tacs.Torch.Platform;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs doctor</c>: is this machine and this build ready? CPU and ISA, versions, build configurations, and a
/// training step on libtorch's kernels checked against a reference path, each with ok or what is wrong.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Check every oneDNN setting this CPU can use (default, AVX2, SSE4.1) with its speed, not only the one in use; about 10 s each." };
        var command = new Command("doctor", "Check this machine and build: CPU and ISA, .NET, libtorch and oneDNN, Release or Debug build of tacs and of each plugin, and one training step of DRUNet on libtorch's kernels against a path without oneDNN.")
        {
            all,
        };
        CommandRunner.SetAction(command, (parse, _) =>
        {
            var report = new DoctorReport();
            var machine = MachineFacts.Current(typeof(DoctorCommand).Assembly);
            report.Section("Machine");
            report.Fact("CPU", machine.CpuModel);
            report.Fact("ISA", $"{machine.IsaLevel} ({string.Join(' ', machine.IsaFlags)})");
            report.Fact("cores", machine.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture));
            report.Fact(".NET", machine.DotNet);
            report.Fact("OS", machine.Os);

            report.Section("Build");
            foreach (var (name, configuration) in Assemblies(AppContext.BaseDirectory))
            {
                report.Check(name, configuration, configuration == "Release", "a Debug build runs several times slower: build with 'dotnet build -c Release Tacs.sln' (./setup.sh does)");
            }

            var plugins = parse.GetValue(GlobalOptions.Plugins) is { Length: > 0 } given ? Path.GetFullPath(given) : PluginHostOptions.DefaultPluginsFolder();
            foreach (var folder in Directory.Exists(plugins) ? [.. Directory.GetDirectories(plugins).Order(StringComparer.Ordinal)] : Array.Empty<string>())
            {
                var main = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
                var configuration = File.Exists(main) ? BuildConfiguration.OfFile(main) : null;
                report.Check($"plugins/{Path.GetFileName(folder)}", configuration ?? "no readable main assembly", configuration == "Release", configuration is null ? $"expected {Path.GetFileName(main)} in the folder" : "rebuild the plugin with -c Release");
            }

            report.Section("Deep learning (libtorch)");
            report.Fact("libtorch", TorchFacts.LibTorchVersion);
            report.Fact("TorchSharp", TorchFacts.TorchSharpVersion);
            var choice = KernelGuard.Ensure();
            report.Check("kernels in use", choice.Describe(), choice.Source != "unchecked", choice.Note ?? "the check could not run");
            var caps = parse.GetValue(all) ? KernelGuard.Candidates(machine.IsaFlags).Append("off").ToList() : [choice.Cap];
            foreach (var cap in caps)
            {
                Console.Error.WriteLine($"checking a training step with oneDNN {cap} …");
                var trial = KernelGuard.RunChild(cap);
                if (trial.OneDnn is { } version)
                {
                    report.Fact("oneDNN", version);
                }

                var expectedBad = cap != choice.Cap && !trial.Agrees;
                report.Check($"training step, oneDNN {cap}", trial.Describe(), trial.Agrees || expectedBad, "gradients differ from libtorch's own kernels: training on this setting gives wrong weights or NaN", expectedBad ? "(not used)" : null);
            }

            report.Section("Inference (ONNX Runtime, the DRUNet plugin's default engine)");
            try
            {
                var engines = EngineCheck.Run();
                report.Fact("ONNX Runtime", engines.OnnxRuntimeVersion);
                report.Check("DRUNet window", engines.Describe(), engines.Agrees, "ONNX Runtime's output differs from libtorch's on this CPU: denoise with -p engine=torch");
            }
            catch (InvalidOperationException ex)
            {
                report.Check("DRUNet window", ex.Message, false, "the plugin's engine=auto falls back to libtorch (slower); engine=torch says so without a warning");
            }

            return report.Print() ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    // tacs itself and every Tacs assembly beside it.
    private static IEnumerable<(string Name, string Configuration)> Assemblies(string folder) =>
        Directory.GetFiles(folder, "*.dll")
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("Tacs.", StringComparison.Ordinal) || n.StartsWith("tacs", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), BuildConfiguration.OfFile(f) ?? "unreadable"));
}
