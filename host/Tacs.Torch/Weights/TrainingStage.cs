namespace Tacs.Torch.Weights;

/// <summary>
/// One training run in the history of a weights file: the weights a later run started from (<c>--init</c>), and how
/// they were made. <see cref="WeightsMetadata.Lineage"/> lists them oldest first, so a file that was fine-tuned in
/// several stages still carries every command that shaped it.
/// </summary>
public sealed class TrainingStage
{
    /// <summary>The weights file this stage wrote, as the next stage named it (a path, or a file built into the plugin).</summary>
    public string Weights { get; set; } = "";

    /// <summary>Training method.</summary>
    public string Method { get; set; } = "";

    /// <summary>Where the training images came from.</summary>
    public string Data { get; set; } = "";

    /// <summary>Optimiser steps done in this stage.</summary>
    public int Steps { get; set; }

    /// <summary>Wall-clock training time of this stage in seconds.</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>The command lines of this stage, first to last: one, or several when the run was stopped and resumed.</summary>
    public string[] Commands { get; set; } = [];

    /// <summary>Where this stage started, as its own file recorded it (<see cref="WeightsMetadata.InitialWeights"/>);
    /// null when it started from random weights.</summary>
    public string? StartedFrom { get; set; }

    /// <summary>When the stage's file was written (UTC, ISO 8601).</summary>
    public string CreatedUtc { get; set; } = "";

    /// <summary>Where the stage was trained: CPU, ISA, libraries (empty in files older than that field).</summary>
    public string Machine { get; set; } = "";

    /// <summary>The stage a weights file records about itself, under the name <paramref name="weights"/>.</summary>
    public static TrainingStage Of(string weights, WeightsMetadata metadata) => new()
    {
        Weights = weights,
        Method = metadata.Method,
        Data = metadata.Data,
        Steps = metadata.Steps,
        TrainingSeconds = metadata.TrainingSeconds,
        Commands = [.. metadata.EarlierCommands, metadata.Command],
        StartedFrom = metadata.InitialWeights,
        CreatedUtc = metadata.CreatedUtc,
        Machine = metadata.Machine,
    };
}
