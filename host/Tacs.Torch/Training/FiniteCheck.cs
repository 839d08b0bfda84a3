using System.Globalization;
using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>Finds the first non-finite value a training step produced: in the loss (naming its terms) or in a gradient (naming the layer).</summary>
internal static class FiniteCheck
{
    /// <summary>Null when the loss value and its terms are finite, else a description such as "loss NaN (fidelity 1.2E-003, divergence NaN)".</summary>
    public static string? Loss(double value, IReadOnlyDictionary<string, double> terms)
    {
        if (double.IsFinite(value) && terms.Values.All(double.IsFinite))
        {
            return null;
        }

        var detail = terms.Count == 0 ? "" : " (" + string.Join(", ", terms.Select(t => $"{t.Key} {Format(t.Value)}")) + ")";
        var bad = terms.Where(t => !double.IsFinite(t.Value)).Select(t => t.Key).ToList();
        return $"loss {Format(value)}{detail}{(bad.Count > 0 ? $"; the non-finite term: {string.Join(", ", bad)}" : "")}";
    }

    /// <summary>Null when every gradient is finite, else "gradient of down.1.0.res.0.weight (NaN)".</summary>
    public static string? Gradients(DrunetNetwork network)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (parameter.grad is not { } grad)
            {
                continue;
            }

            if (!grad.isfinite().all().item<bool>())
            {
                var kind = grad.isnan().any().item<bool>() ? "NaN" : "infinite";
                return $"gradient of {name} ({kind} values)";
            }
        }

        return null;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
