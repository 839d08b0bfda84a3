namespace Tacs.Torch.Platform;

/// <summary>Reads the lines oneDNN prints with ONEDNN_VERBOSE=1: its version and ISA, and which convolution kernels ran.</summary>
internal static class OneDnnVerbose
{
    /// <summary>"oneDNN v3.7.1; isa: Intel AVX-512 …", or null when oneDNN printed nothing (it was not used).</summary>
    public static string? Version(IEnumerable<string> lines)
    {
        string? version = null, isa = null;
        foreach (var line in lines)
        {
            var fields = line.Split(',');
            if (fields.Length < 4 || fields[2] != "info")
            {
                continue;
            }

            if (fields[3].StartsWith("oneDNN", StringComparison.Ordinal))
            {
                version = fields[3].Split(" (", 2)[0].Trim();
            }
            else if (fields.Length >= 5 && fields[3] == "cpu" && fields[4].StartsWith("isa:", StringComparison.Ordinal))
            {
                isa = string.Join(',', fields[4..]).Trim();
            }
        }

        return version is null ? null : isa is null ? version : $"{version}; {isa}";
    }

    /// <summary>"jit:avx512_core ×318, …": the implementations of the convolution primitives that ran, most used first.</summary>
    public static string? Kernels(IEnumerable<string> lines)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var fields = line.Split(',');
            if (fields.Length > 5 && fields[2] == "primitive" && fields[3] == "exec" && fields[5] is "convolution" or "deconvolution")
            {
                var key = $"{fields[5]} {fields[7]} {fields[6]}";
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts.Count == 0 ? null : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} ×{c.Value}"));
    }
}
