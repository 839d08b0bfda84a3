using Tacs.Torch.Noise;

namespace Tacs.Torch.Training;

/// <summary>Cuts random square patches with a random flip and 90° rotation (the 8 symmetries of the square).</summary>
internal sealed class PatchSampler(IReadOnlyList<TrainingImage> images, int patch, Random random)
{
    /// <summary>Fills one batch: noisy [batch·patch²], clean likewise when wanted, one sigma per patch, and when
    /// wanted each patch's photon scale [batch·3] (low, span, read noise²).</summary>
    public void Fill(float[] noisy, float[]? clean, float[] sigma, float[]? photons = null)
    {
        var count = sigma.Length;
        for (var b = 0; b < count; b++)
        {
            var image = images[random.Next(images.Count)];
            var x0 = random.Next(image.Width - patch + 1);
            var y0 = random.Next(image.Height - patch + 1);
            var symmetry = random.Next(8);
            Copy(image.Noisy, image.Width, x0, y0, symmetry, noisy.AsSpan(b * patch * patch, patch * patch));
            if (clean is not null)
            {
                Copy(image.Clean!, image.Width, x0, y0, symmetry, clean.AsSpan(b * patch * patch, patch * patch));
            }

            sigma[b] = (float)image.Sigma;
            if (photons is not null)
            {
                // A Gaussian image in a mixed batch has no photon scale: all zeros (span 0) marks it.
                var row = photons.AsSpan(PhotonScale.Width * b, PhotonScale.Width);
                if (image.Photons is { } scale)
                {
                    scale.WriteTo(row);
                }
                else
                {
                    row.Clear();
                }
            }
        }
    }

    private void Copy(float[] source, int width, int x0, int y0, int symmetry, Span<float> target)
    {
        var last = patch - 1;
        for (var y = 0; y < patch; y++)
        {
            for (var x = 0; x < patch; x++)
            {
                // Bit 0 flips x, bit 1 flips y, bit 2 swaps the axes: together all rotations and reflections.
                var u = (symmetry & 1) != 0 ? last - x : x;
                var v = (symmetry & 2) != 0 ? last - y : y;
                if ((symmetry & 4) != 0)
                {
                    (u, v) = (v, u);
                }

                target[(y * patch) + x] = source[((y0 + v) * width) + x0 + u];
            }
        }
    }
}
