using Tacs.Diagnostics;
using Tacs.Torch.Platform;

namespace Tacs.Cli.Commands;

/// <summary>The one line that says where weights were trained, recorded in their metadata.</summary>
internal static class TrainingMachine
{
    public static string Describe()
    {
        var machine = MachineFacts.Current(typeof(TrainingMachine).Assembly);
        var kernels = KernelGuard.Ensure();
        return $"{machine.Summary}; libtorch {TorchFacts.LibTorchVersion}, TorchSharp {TorchFacts.TorchSharpVersion}; {kernels.Describe()}";
    }
}
