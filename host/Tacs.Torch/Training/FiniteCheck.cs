using System.Globalization;
using Tacs.Torch.Model;
using static TorchSharp.torch;

namespace Tacs.Torch.Training;

/// <summary>Finds the first non-finite value a training step produced, in the loss (naming its terms) or in a gradient
/// (naming the layer), or a loss that has run away to an absurd size.</summary>
internal static class FiniteCheck
{
    /// <summary>Largest loss magnitude a healthy step reaches. Every loss here works on data scaled to about 0–1 (or, for
    /// sure-pg, divides by the patch's scale²) and stays near 1e-3–1; a sure-pg run on dim scenes was seen to drift to
    /// −6e13 without ever producing a NaN, its weights useless.</summary>
    public const double RunawayLimit = 1e6;

    /// <summary>Null when the loss value and its terms are finite and within <see cref="RunawayLimit"/>, else a description
    /// such as "loss NaN (fidelity 1.2E-003, divergence NaN) is not a finite number; the non-finite term: divergence".</summary>
    public static string? Loss(double value, IReadOnlyDictionary<string, double> terms)
    {
        var detail = terms.Count == 0 ? "" : " (" + string.Join(", ", terms.Select(t => $"{t.Key} {Format(t.Value)}")) + ")";
        if (double.IsFinite(value) && terms.Values.All(double.IsFinite))
        {
            return Math.Abs(value) <= RunawayLimit
                ? null
                : $"the loss reached {Format(value)}{detail}, beyond the ±{Format(RunawayLimit)} no healthy step reaches: the network has run away";
        }

        var bad = terms.Where(t => !double.IsFinite(t.Value)).Select(t => t.Key).ToList();
        return $"loss {Format(value)}{detail} is not a finite number{(bad.Count > 0 ? $"; the non-finite term: {string.Join(", ", bad)}" : "")}";
    }

    /// <summary>Null when every gradient is finite, else "gradient of down.1.0.res.0.weight has NaN values".</summary>
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
                return $"gradient of {name} has {kind} values";
            }
        }

        return null;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
