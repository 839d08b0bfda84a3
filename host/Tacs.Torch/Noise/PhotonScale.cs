namespace Tacs.Torch.Noise;

/// <summary>
/// How a Poisson–Gaussian image on the network's scale (Anscombe transform, then 0–1 normalisation) maps back to
/// photo-electrons: counts = ((v·Span + Low)/2)² − 3/8 − ReadNoise². In photo-electrons the noise variance is
/// counts + ReadNoise², which is what a loss for Poisson–Gaussian noise needs.
/// </summary>
/// <param name="Low">Anscombe value mapped to 0.</param>
/// <param name="Span">Anscombe range mapped to 0–1.</param>
/// <param name="ReadNoise">Standard deviation of the Gaussian part in photo-electrons (read noise / gain).</param>
public sealed record PhotonScale(double Low, double Span, double ReadNoise)
{
    /// <summary>Numbers per image in <see cref="Training.TrainingBatch.Photons"/>.</summary>
    public const int Width = 3;

    /// <summary>Photo-electrons at the top (1) of the network's scale.</summary>
    public double Top => (Math.Pow((Span + Low) / 2, 2) - 0.375) - (ReadNoise * ReadNoise);

    /// <summary>Writes this scale as one row of <see cref="Training.TrainingBatch.Photons"/>: low, span, read noise².</summary>
    public void WriteTo(Span<float> row)
    {
        row[0] = (float)Low;
        row[1] = (float)Span;
        row[2] = (float)(ReadNoise * ReadNoise);
    }
}
