namespace Tacs.Plugins.Bm3d.Filtering;

/// <summary>2D Kaiser window used to weight patch estimates during aggregation (reduces block edges).</summary>
internal static class KaiserWindow
{
    /// <summary>k×k row-major window, outer product of two 1D Kaiser windows of shape β.</summary>
    public static float[] Create(int k, double beta)
    {
        var w = new double[k];
        for (var n = 0; n < k; n++)
        {
            var r = k == 1 ? 0 : (2.0 * n / (k - 1)) - 1;
            w[n] = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (r * r)))) / BesselI0(beta);
        }

        var window = new float[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                window[(i * k) + j] = (float)(w[i] * w[j]);
            }
        }

        return window;
    }

    // Power series of the modified Bessel function of the first kind, order 0; converges fast for small x.
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        var q = x * x / 4;
        for (var m = 1; m < 50; m++)
        {
            term *= q / (m * m);
            sum += term;
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return sum;
    }
}
