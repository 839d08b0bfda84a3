namespace Tacs.Torch.Training;

/// <summary>Settings of one training run.</summary>
public sealed class TrainingOptions
{
    /// <summary>Side of the square random patches.</summary>
    public int Patch { get; init; } = 64;

    /// <summary>Patches per optimiser step.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Optimiser steps in total (a resumed run continues up to this count).</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Adam learning rate at the start.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Learning rate reached at the last step (cosine schedule).</summary>
    public double FinalLearningRate { get; init; } = 1e-5;

    /// <summary>Seed of patch choice, augmentation, noise draws and initial weights.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Write a checkpoint every this many steps (0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 200;

    /// <summary>Checkpoint file (weights format; the optimiser state goes beside it as .adam), or null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Where the optimiser state of <see cref="CheckpointPath"/> is kept (beside it, .adam), or null.</summary>
    public string? OptimizerStatePath => CheckpointPath is { } path ? path + ".adam" : null;

    /// <summary>Stop after this much wall-clock time even if steps remain (null: no limit).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Checks the settings and gathers every problem into one message.</summary>
    /// <exception cref="ArgumentException">One or more settings are out of range.</exception>
    public void Validate(int patchMultiple)
    {
        var problems = new List<string>();
        if (Patch < 16 || Patch > 512 || Patch % patchMultiple != 0)
        {
            problems.Add($"--patch must be a multiple of {patchMultiple} between 16 and 512 (got {Patch})");
        }

        if (Batch is < 1 or > 256)
        {
            problems.Add($"--batch must be 1–256 (got {Batch})");
        }

        if (Steps is < 1 or > 10_000_000)
        {
            problems.Add($"--steps must be 1–10000000 (got {Steps})");
        }

        if (!(LearningRate > 0 && LearningRate < 1) || !(FinalLearningRate > 0 && FinalLearningRate <= LearningRate))
        {
            problems.Add($"--lr must be in (0, 1) and the final rate in (0, lr] (got {LearningRate}, {FinalLearningRate})");
        }

        if (CheckpointEvery < 0)
        {
            problems.Add($"--checkpoint-every must be ≥ 0 (got {CheckpointEvery})");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Training settings: " + string.Join("; ", problems) + ".");
        }
    }
}
