namespace Tacs.Torch.Platform;

/// <summary>One candidate setting that the start-up check tried in a child process, and what it found.</summary>
/// <param name="Cap">oneDNN ISA cap tried: "default" (none), a value of ONEDNN_MAX_CPU_ISA such as AVX2, or "off".</param>
/// <param name="Result">What the probe measured, or null when the child failed.</param>
/// <param name="Error">Why the child failed (crash, time-out, unreadable answer).</param>
/// <param name="OneDnn">The oneDNN version and ISA line the child's oneDNN printed.</param>
/// <param name="Kernels">Convolution kernels the child ran, with counts (from ONEDNN_VERBOSE).</param>
public sealed record KernelTrial(string Cap, KernelProbeResult? Result, string? Error, string? OneDnn, string? Kernels)
{
    /// <summary>True when the child ran and its gradients agreed with the reference.</summary>
    public bool Agrees => Result is { Agrees: true };

    /// <summary>One line for logs and <c>tacs doctor</c>.</summary>
    public string Describe() => Result is { } r
        ? $"{Cap}: {(r.Agrees ? "agrees" : r.Finite ? "WRONG gradients" : "NaN/inf gradients")} (max relative difference {r.MaxRelativeDifference:G3} in {r.Worst}; {r.CheckedMilliseconds:F0} ms per step vs {r.ReferenceMilliseconds:F0} ms without oneDNN){(Kernels is null ? "" : $"; kernels {Kernels}")}"
        : $"{Cap}: check failed to run: {Error}";
}

/// <summary>Which convolution kernels this process uses, and why.</summary>
/// <param name="Cap">"default" (oneDNN picks the CPU's best ISA), an ONEDNN_MAX_CPU_ISA value, or "off" (libtorch's own kernels).</param>
/// <param name="Source">probe (checked now), cache (checked earlier on this CPU and libtorch), user (ONEDNN_MAX_CPU_ISA or TACS_KERNELS set), unchecked (the check could not run).</param>
/// <param name="Trials">What each tried candidate gave (from the probe or the cache).</param>
/// <param name="Note">Anything the user should know (a kernel that failed, a check that could not run).</param>
public sealed record KernelChoice(string Cap, string Source, IReadOnlyList<KernelTrial> Trials, string? Note)
{
    /// <summary>One line for logs and weights metadata.</summary>
    public string Describe() => $"convolution kernels: oneDNN {(Cap == "off" ? "off (libtorch's own kernels)" : Cap == "default" ? "at the CPU's best ISA" : $"capped at {Cap}")} ({Source}){(Note is null ? "" : $"; {Note}")}";
}
