using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tacs.Diagnostics;

/// <summary>
/// The facts that decide whether a figure measured here holds elsewhere: CPU model and its vector ISA, core count,
/// .NET version and the build configuration. Printed beside every benchmark and recorded with trained weights.
/// </summary>
public sealed record MachineFacts(string CpuModel, IReadOnlyList<string> IsaFlags, int Cores, string DotNet, string Os, string Configuration)
{
    // The flags that change which kernels libtorch/oneDNN, OpenCV and .NET pick (in this order when printed).
    private static readonly string[] RelevantFlags =
    [
        "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx_vnni", "avx512f", "avx512bw", "avx512vl", "avx512dq",
        "avx512_vnni", "avx512_bf16", "avx512_fp16", "avx512_vp2intersect", "amx_tile", "amx_bf16", "amx_int8",
    ];

    /// <summary>The vector-ISA summary in one word: avx512, avx2, sse4 or baseline.</summary>
    public string IsaLevel =>
        IsaFlags.Contains("avx512f") ? "avx512" : IsaFlags.Contains("avx2") ? "avx2" : IsaFlags.Contains("sse4_2") ? "sse4" : "baseline";

    /// <summary>Reads the facts of this machine and of the build that <paramref name="assembly"/> (default: the entry assembly) belongs to.</summary>
    public static MachineFacts Current(Assembly? assembly = null)
    {
        var (model, flags) = ReadCpu();
        return new MachineFacts(
            model,
            flags,
            Environment.ProcessorCount,
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            BuildConfiguration.Of(assembly ?? Assembly.GetEntryAssembly() ?? typeof(MachineFacts).Assembly));
    }

    /// <summary>One line: CPU, ISA, cores, .NET, configuration.</summary>
    public string Summary =>
        $"CPU {CpuModel}; ISA {IsaLevel} ({(IsaFlags.Count == 0 ? "flags unknown" : string.Join(' ', IsaFlags))}); {Cores} cores; .NET {DotNet.Replace(".NET ", "", StringComparison.Ordinal)}; {Configuration} build";

    /// <summary>Parses /proc/cpuinfo text into a model name and the relevant ISA flags present.</summary>
    public static (string Model, IReadOnlyList<string> Flags) ParseCpuInfo(string cpuinfo)
    {
        string? model = null;
        HashSet<string>? flags = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (model is null && key == "model name")
            {
                model = value;
            }
            else if (flags is null && key == "flags")
            {
                flags = [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        return (model ?? "unknown CPU", flags is null ? [] : [.. RelevantFlags.Where(flags.Contains)]);
    }

    private static (string Model, IReadOnlyList<string> Flags) ReadCpu()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                return ParseCpuInfo(File.ReadAllText("/proc/cpuinfo"));
            }
        }
        catch (IOException)
        {
            // Fall through to what the runtime itself reports.
        }
        catch (UnauthorizedAccessException)
        {
        }

        List<string> flags = [];
        if (Vector512.IsHardwareAccelerated)
        {
            flags.Add("avx512f");
        }

        if (Vector256.IsHardwareAccelerated)
        {
            flags.Add("avx2");
        }

        return (RuntimeInformation.ProcessArchitecture.ToString(), flags);
    }
}
