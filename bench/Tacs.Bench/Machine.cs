using System.Runtime.Intrinsics.X86;

namespace Tacs.Bench;

/// <summary>The CPU a benchmark ran on: model name and the widest vector instructions it offers, for the tables' headers.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var isa = Avx512F.IsSupported ? "AVX-512" : Avx2.IsSupported ? "AVX2" : Avx.IsSupported ? "AVX" : Sse41.IsSupported ? "SSE4.1" : "baseline";
        return $"{model ?? "unknown CPU"}, {isa}, {Environment.ProcessorCount} cores";
    }
}
