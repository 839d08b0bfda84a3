namespace Tacs.Collagen.Synthesis;

/// <summary>
/// One acquisition noise level of the imaging model: the photon count at the peak of a typical fibre and the
/// Gaussian read noise of the camera. Fewer photons mean more Poisson noise relative to the signal.
/// </summary>
/// <param name="Name">Short name used in folder names and reports, such as <c>p30</c>.</param>
/// <param name="PeakPhotons">Expected photo-electrons at the centre of a fibre of unit brightness, &gt; 0.</param>
/// <param name="ReadNoise">Standard deviation of the read noise in grey levels, ≥ 0.</param>
public sealed record NoiseLevel(string Name, double PeakPhotons, double ReadNoise)
{
    /// <summary>Levels from mild to severe: 10, 3 and 1 photons at a fibre's peak, read noise 3 grey levels.
    /// Above about 10 photons the classifier is as accurate as on clean images; at 1 photon it starts to fail,
    /// which is where denoising can matter.</summary>
    public static IReadOnlyList<NoiseLevel> Defaults { get; } =
    [
        new("p10", 10, 3),
        new("p3", 3, 3),
        new("p1", 1, 3),
    ];

    /// <summary>Reads a list such as <c>100,30,10</c> (peak photons; read noise follows <paramref name="readNoise"/>).</summary>
    /// <param name="text">Comma-separated photon counts.</param>
    /// <param name="readNoise">Read noise for every level, grey levels.</param>
    /// <exception cref="ArgumentException">A value is not a positive number.</exception>
    public static IReadOnlyList<NoiseLevel> ParseList(string text, double readNoise)
    {
        var levels = new List<NoiseLevel>();
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var photons)
                || !double.IsFinite(photons) || photons <= 0 || photons > 1e6)
            {
                throw new ArgumentException($"Noise level '{part}' is not a photon count between 0 and 1e6 (write e.g. 10,3,1).");
            }

            levels.Add(new NoiseLevel(FormattableString.Invariant($"p{photons:0.###}"), photons, readNoise));
        }

        return levels;
    }
}
