namespace Tacs.Collagen.Metrics;

/// <summary>Precision, recall and F1 of one class, with its support (true examples).</summary>
/// <param name="Class">Class name.</param>
/// <param name="Precision">True positives ÷ predicted positives (0 when nothing was predicted).</param>
/// <param name="Recall">True positives ÷ actual positives.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Number of true examples of the class.</param>
/// <param name="RocAuc">Area under the one-versus-rest ROC curve of the class's probability.</param>
public sealed record ClassMetrics(string Class, double Precision, double Recall, double F1, int Support, double RocAuc);
