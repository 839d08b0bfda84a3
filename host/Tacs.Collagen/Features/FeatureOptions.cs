namespace Tacs.Collagen.Features;

/// <summary>Parameters of the feature extraction. Changing a default changes the features: bump
/// <see cref="FeatureCatalog.Version"/> with it.</summary>
public sealed class FeatureOptions
{
    /// <summary>Distance from the boundary within which fibres count for boundary features, px (CurveAlign: 100).</summary>
    public double BandWidth { get; init; } = 100;

    /// <summary>Gaussian pre-smoothing against noise, px.</summary>
    public double NoiseSigma { get; init; } = 1.0;

    /// <summary>Gaussian window of the structure tensor, px.</summary>
    public double TensorWindow { get; init; } = 4.0;

    /// <summary>Gaussian smoothing before the gradients of the orientation-order features, px (coarse, against noise).</summary>
    public double OrderSigma { get; init; } = 5.0;

    /// <summary>Scale of the Hessian ridge filter, px.</summary>
    public double RidgeSigma { get; init; } = 1.5;

    /// <summary>Shortest skeleton segment counted as a fibre, px.</summary>
    public int MinFibreLength { get; init; } = 10;

    /// <summary>Side of the box for local fibre density, px.</summary>
    public int DensityBox { get; init; } = 64;

    /// <summary>Default options.</summary>
    public static FeatureOptions Default { get; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(BandWidth) || BandWidth is < 1 or > 10000)
        {
            throw new ArgumentException($"Boundary band {BandWidth} px is outside 1–10000 px.");
        }

        if (!double.IsFinite(NoiseSigma) || NoiseSigma is < 0 or > 20 || !double.IsFinite(TensorWindow) || TensorWindow is < 0.5 or > 50
            || !double.IsFinite(RidgeSigma) || RidgeSigma is < 0.5 or > 20 || !double.IsFinite(OrderSigma) || OrderSigma is < 0.5 or > 20)
        {
            throw new ArgumentException("Smoothing scales must be finite: noise 0–20 px, tensor window 0.5–50 px, ridge and order 0.5–20 px.");
        }

        if (MinFibreLength is < 2 or > 1000 || DensityBox is < 8 or > 4096)
        {
            throw new ArgumentException("Minimum fibre length must be 2–1000 px and the density box 8–4096 px.");
        }
    }
}
