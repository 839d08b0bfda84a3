using System.CommandLine;

namespace Tacs.Cli.Commands;

/// <summary><c>--step-timeout SECONDS</c>, the same in <c>denoise</c>, <c>run</c>, <c>compare</c> and <c>acquire</c>.</summary>
internal static class StepTimeoutOption
{
    public static Option<double> Create(double defaultSeconds)
    {
        var option = new Option<double>("--step-timeout")
        {
            Description = "Seconds one step may take on one frame (0 = no limit). Past it the plugin is cancelled and the frame fails; " +
                "a plugin that ignores cancellation is abandoned and the step goes on with a fresh worker and instance.",
            DefaultValueFactory = _ => defaultSeconds,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var seconds && (seconds < 0 || !double.IsFinite(seconds)))
            {
                result.AddError($"--step-timeout {seconds} must be 0 (no limit) or a positive number of seconds.");
            }
        });
        return option;
    }

    /// <summary>The limit, or null for none.</summary>
    public static TimeSpan? Read(ParseResult parse, Option<double> option) =>
        parse.GetValue(option) is var seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null;
}
