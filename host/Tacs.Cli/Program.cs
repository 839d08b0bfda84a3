using System.CommandLine;
using Tacs.Cli;
using Tacs.Cli.Commands;

var root = new RootCommand("tacs: denoise fluorescence microscopy and classify tumour-associated collagen signatures, with plugins.");
GlobalOptions.AddTo(root);
root.Subcommands.Add(PluginsCommand.Create());
root.Subcommands.Add(ChainCommands.CreateDenoise());
root.Subcommands.Add(ChainCommands.CreateRun());
root.Subcommands.Add(ExampleCommand.Create());
root.Subcommands.Add(ExampleCommand.CreateMeasure());
root.Subcommands.Add(AcquireCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(CompareCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(SynthCommand.Create());
root.Subcommands.Add(ClassifyCommands.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(WeightsCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
// Ctrl+C and SIGTERM cancel the running command, which stops cleanly: outputs completed or removed, live runs drained.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancel.Token);
