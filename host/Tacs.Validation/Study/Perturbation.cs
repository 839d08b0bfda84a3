namespace Tacs.Validation.Study;

/// <summary>Changes applied to test images in phase 3: rotations and flips (with their boundary), and extra noise.</summary>
internal enum Perturbation
{
    Rotate90,
    Rotate180,
    FlipHorizontal,
    FlipVertical,
    ExtraNoise,
}

internal static class Perturbations
{
    public static readonly Perturbation[] All = Enum.GetValues<Perturbation>();

    public static string Name(this Perturbation p) => p switch
    {
        Perturbation.Rotate90 => "rotate 90°",
        Perturbation.Rotate180 => "rotate 180°",
        Perturbation.FlipHorizontal => "flip left-right",
        Perturbation.FlipVertical => "flip up-down",
        _ => "noise variance ×1.5",
    };

    /// <summary>Moves the pixels of a square image; <see cref="Perturbation.ExtraNoise"/> leaves them in place.</summary>
    public static T[] Move<T>(this Perturbation p, T[] pixels, int size)
    {
        if (p == Perturbation.ExtraNoise)
        {
            return pixels;
        }

        var result = new T[pixels.Length];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (sx, sy) = p switch
                {
                    Perturbation.Rotate90 => (y, size - 1 - x),
                    Perturbation.Rotate180 => (size - 1 - x, size - 1 - y),
                    Perturbation.FlipHorizontal => (size - 1 - x, y),
                    _ => (x, size - 1 - y),
                };
                result[(y * size) + x] = pixels[(sy * size) + sx];
            }
        }

        return result;
    }
}
