namespace Tacs.Torch.Training;

/// <summary>Where a training run stands.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Mean loss over the steps since the last report.</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="StepsPerSecond">Speed since the last report.</param>
/// <param name="Elapsed">Time spent in this session.</param>
/// <param name="Checkpointed">True when a checkpoint was just written.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double LearningRate, double StepsPerSecond, TimeSpan Elapsed, bool Checkpointed);
