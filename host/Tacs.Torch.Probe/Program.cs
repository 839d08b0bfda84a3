using System.Text.Json;
using Tacs.Torch.Platform;

// Usage: tacs-kernel-probe CAP, where CAP is "default", "off" or the ONEDNN_MAX_CPU_ISA value the parent set.
// Prints one line "RESULT {json}" (and oneDNN's own verbose lines when the parent asked for them).
try
{
    var cap = args.Length > 0 ? args[0] : "default";
    if (cap == "off")
    {
        NativeSwitches.SetOneDnnEnabled(false);
    }

    var result = KernelProbe.Run();
    Console.Out.Flush();
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(result, KernelJson.Options));
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"kernel probe failed: {e.GetType().Name}: {e.Message}");
    return 1;
}
