using Tacs.BioImageIO.Packages;

namespace Tacs.BioImageIO.Runtime;

/// <summary>Which of a package's weights tacs runs: ONNX (ONNX Runtime) when present, else TorchScript (TorchSharp),
/// unless the user names one (<c>weights=onnx|torchscript</c> in a chain, <c>--weights</c> for <c>models test</c>).</summary>
public static class WeightsChoice
{
    /// <summary>Formats tacs runs, most preferred first.</summary>
    public static readonly IReadOnlyList<string> Runnable = ["onnx", "torchscript"];

    /// <summary>Names accepted for the choice: auto and the runnable formats.</summary>
    public static IReadOnlyList<string> Names => ["auto", .. Runnable];

    /// <summary>The weights entry to run.</summary>
    /// <param name="description">The model.</param>
    /// <param name="wanted">auto (or null), onnx or torchscript.</param>
    /// <param name="location">Package location, for messages.</param>
    /// <exception cref="PackageException">The package lacks the wanted format, or has none tacs runs.</exception>
    /// <exception cref="ArgumentException">An unknown choice.</exception>
    public static WeightsEntry Select(ModelDescription description, string? wanted, string location)
    {
        var has = string.Join(", ", description.Weights.Select(w => w.Format));
        if (wanted is null or "auto")
        {
            return Runnable.Select(f => description.Weights.FirstOrDefault(w => w.Format == f)).FirstOrDefault(w => w is not null)
                ?? throw new PackageException(
                    $"{location}: tacs runs ONNX and TorchScript weights, and this package has only {has}. " +
                    "Ask the authors for an ONNX export, or convert it with bioimageio.core (bioimageio convert-weights ... onnx).");
        }

        if (!Runnable.Contains(wanted))
        {
            throw new ArgumentException($"weights '{wanted}' is not one of {string.Join(", ", Names)}.");
        }

        return description.Weights.FirstOrDefault(w => w.Format == wanted)
            ?? throw new PackageException($"{location}: weights={wanted} was asked for, and this package has {has}.");
    }
}
