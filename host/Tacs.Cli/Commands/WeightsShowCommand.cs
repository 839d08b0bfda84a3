using System.CommandLine;
using System.Globalization;
using Tacs.Torch.Weights;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs weights show</c>: what a weights file says about itself, with every training stage that led to it.</summary>
internal static class WeightsShowCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A .drunet file, or 'shipped' / 'shipped:NAME' for weights built into the installed DRUNet plugin." };
        var show = new Command("show", "Print a weights file's metadata: network, data, method, machine, and the command of every training stage, oldest first.") { input };
        CommandRunner.SetAction(show, (parse, _) =>
        {
            var name = parse.GetValue(input)!;
            var (metadata, source) = InitialWeights.ReadMetadata(name, InitialWeights.PluginsFolder(parse), "tacs weights show");
            Console.Write(Describe(source, metadata));
            return 0;
        });
        return show;
    }

    /// <summary>The text <c>tacs weights show</c> prints.</summary>
    public static string Describe(string source, WeightsMetadata m)
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{source}");
        text.AppendLine(c, $"  network:  DRUNet nc=({string.Join(',', m.Channels)}), nb={m.BlocksPerScale}, {m.ParameterCount:N0} parameters, stored as {m.Precision}");
        text.AppendLine(c, $"  noise:    {m.NoiseModel}");
        var stages = m.Lineage.Count + 1;
        text.AppendLine(c, $"  history:  {stages} training stage(s) recorded{(m.OmittedStages > 0 ? $", {m.OmittedStages} older one(s) dropped" : "")}, {(m.Lineage.Sum(s => s.Steps) + m.Steps):N0} steps and {(m.Lineage.Sum(s => s.TrainingSeconds) + m.TrainingSeconds) / 60:F1} min in those");
        if (m.Lineage.Count == 0 && m.InitialWeights is { } start)
        {
            text.AppendLine(c, $"  started from (only the stage before is recorded): {start}");
        }

        var number = m.OmittedStages;
        foreach (var stage in m.Lineage)
        {
            Stage(text, ++number, stage.Weights, stage.Method, stage.Data, stage.Steps, stage.TrainingSeconds, stage.CreatedUtc, stage.Machine, stage.Commands);
            if (number == m.OmittedStages + 1 && stage.StartedFrom is { } first)
            {
                text.AppendLine(c, $"       started from: {first}");
            }
        }

        Stage(text, ++number, "this file", m.Method, m.Data, m.Steps, m.TrainingSeconds, m.CreatedUtc, m.Machine, [.. m.EarlierCommands, m.Command]);
        return text.ToString();
    }

    private static void Stage(System.Text.StringBuilder text, int number, string weights, string method, string data, int steps, double seconds, string created, string machine, string[] commands)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"  {number,2}. {weights}");
        text.AppendLine(c, $"       {method} on {data}; {steps:N0} steps, {seconds / 60:F1} min{(created.Length > 0 ? $", written {created}" : "")}");
        if (machine.Length > 0)
        {
            text.AppendLine(c, $"       machine: {machine}");
        }

        foreach (var command in commands.Where(command => command.Length > 0))
        {
            text.AppendLine(c, $"       $ {command}");
        }
    }
}
