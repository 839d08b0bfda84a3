using OpenCvSharp;

namespace Tacs.Collagen.Features;

/// <summary>
/// The structure tensor J = ⟨∇f∇fᵀ⟩ of an image over a Gaussian window, with per-pixel energy, coherency and
/// fibre direction (the direction of least intensity change, perpendicular to the dominant gradient).
/// </summary>
internal sealed class StructureTensor
{
    private readonly float[] _xx;
    private readonly float[] _yy;
    private readonly float[] _xy;

    private StructureTensor(float[] xx, float[] yy, float[] xy, float[] energy, float[] coherency, double globalCoherency, double globalAngle)
    {
        _xx = xx;
        _yy = yy;
        _xy = xy;
        Energy = energy;
        Coherency = coherency;
        GlobalCoherency = globalCoherency;
        GlobalFibreAngle = globalAngle;
    }

    /// <summary>Jxx + Jyy per pixel.</summary>
    public float[] Energy { get; }

    /// <summary>Local coherency per pixel, 0–1.</summary>
    public float[] Coherency { get; }

    /// <summary>Fibre direction at pixel <paramref name="i"/> in image coordinates (y down), radians in (−π/2, π/2];
    /// computed on demand, since only pixels near a boundary need it.</summary>
    public float FibreAngleAt(int i) => FibreDirection(_xx[i], _yy[i], _xy[i]);

    /// <summary>
    /// The windowed gradient energy at pixel <paramref name="i"/> split along a unit normal (nx, ny) and its tangent:
    /// tangent − normal part, nᵀJn subtracted from tᵀJt. Fibres that run along the normal have their gradients
    /// across it, along the tangent, so the difference is positive for them, negative for fibres along the tangent,
    /// and zero on average for isotropic noise, which adds only to the sum (the energy).
    /// </summary>
    public float TangentMinusNormalEnergy(int i, float nx, float ny)
    {
        var normal = (_xx[i] * nx * nx) + (2 * _xy[i] * nx * ny) + (_yy[i] * ny * ny);
        return Energy[i] - (2 * normal);
    }

    /// <summary>Coherency of the image-summed tensor.</summary>
    public double GlobalCoherency { get; }

    /// <summary>Fibre direction of the image-summed tensor in image coordinates, radians.</summary>
    public double GlobalFibreAngle { get; }

    /// <summary>Energy-weighted mean of the local coherency.</summary>
    public double MeanLocalCoherency()
    {
        double sum = 0, weight = 0;
        for (var i = 0; i < Energy.Length; i++)
        {
            sum += Energy[i] * Coherency[i];
            weight += Energy[i];
        }

        return weight > 0 ? sum / weight : 0;
    }

    public static StructureTensor Compute(Mat smoothed, double window)
    {
        using var gx = new Mat();
        using var gy = new Mat();
        Cv2.Sobel(smoothed, gx, MatType.CV_32F, 1, 0, 3, 0.125);
        Cv2.Sobel(smoothed, gy, MatType.CV_32F, 0, 1, 3, 0.125);
        using var jxx = gx.Mul(gx).ToMat();
        using var jyy = gy.Mul(gy).ToMat();
        using var jxy = gx.Mul(gy).ToMat();
        var sums = (Cv2.Sum(jxx).Val0, Cv2.Sum(jyy).Val0, Cv2.Sum(jxy).Val0);
        var size = new Size(0, 0);
        Cv2.GaussianBlur(jxx, jxx, size, window);
        Cv2.GaussianBlur(jyy, jyy, size, window);
        Cv2.GaussianBlur(jxy, jxy, size, window);
        jxx.GetArray(out float[] xx);
        jyy.GetArray(out float[] yy);
        jxy.GetArray(out float[] xy);
        var energy = new float[xx.Length];
        var coherency = new float[xx.Length];
        for (var i = 0; i < xx.Length; i++)
        {
            var e = xx[i] + yy[i];
            energy[i] = e;
            var d = yy[i] - xx[i];
            coherency[i] = e > 1e-12f ? MathF.Sqrt((d * d) + (4 * xy[i] * xy[i])) / e : 0;
        }

        var (sxx, syy, sxy) = sums;
        var total = sxx + syy;
        var globalCoherency = total > 1e-12 ? Math.Sqrt(((syy - sxx) * (syy - sxx)) + (4 * sxy * sxy)) / total : 0;
        return new StructureTensor(xx, yy, xy, energy, coherency, globalCoherency, FibreDirection(sxx, syy, sxy));
    }

    /// <summary>The gradient's dominant direction is ½·atan2(2Jxy, Jxx − Jyy); fibres run perpendicular to it.</summary>
    private static float FibreDirection(double xx, double yy, double xy)
    {
        var gradient = 0.5 * Math.Atan2(2 * xy, xx - yy);
        var fibre = gradient + (Math.PI / 2);
        if (fibre > Math.PI / 2)
        {
            fibre -= Math.PI;
        }

        return (float)fibre;
    }
}
