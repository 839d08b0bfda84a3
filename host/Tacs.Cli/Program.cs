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
root.Subcommands.Add(TrainCommand.Create());
return await root.Parse(args).InvokeAsync();
