using Tacs.Diagnostics;
using Tacs.Torch.Platform;

namespace Tacs.Cli.Commands;

/// <summary>The one line that says where weights were trained, recorded in their metadata.</summary>
internal static class TrainingMachine
{
    public static string Describe()
    {
        var machine = MachineFacts.Current(typeof(TrainingMachine).Assembly);
        return $"{machine.Summary}; {TorchFacts.Describe()}";
    }
}
