namespace Tacs.Torch.Training;

/// <summary>
/// Training met a NaN or infinite loss or gradient and stopped before the step changed any weight. The message says the
/// step, the loss term or layer, the CPU and kernels, and what to try; nothing with non-finite weights was written.
/// </summary>
public sealed class TrainingDivergedException(string message, int step, string where) : Exception(message)
{
    /// <summary>The step (1-based) whose loss or gradient was not finite.</summary>
    public int Step { get; } = step;

    /// <summary>The loss term (for example "loss (fidelity 1.2E-3, divergence NaN)") or the parameter whose gradient was not finite.</summary>
    public string Where { get; } = where;
}
