namespace Tacs.Plugins.Bm3d.Transforms;

/// <summary>1D analysis matrices of the 2D patch transforms (row i of a matrix gives coefficient i).</summary>
internal static class TransformMatrices
{
    /// <summary>Orthonormal DCT-II of size n.</summary>
    public static double[,] Dct(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            var scale = Math.Sqrt((i == 0 ? 1.0 : 2.0) / n);
            for (var j = 0; j < n; j++)
            {
                m[i, j] = scale * Math.Cos(Math.PI * (2 * j + 1) * i / (2.0 * n));
            }
        }

        return m;
    }

    /// <summary>
    /// Full dyadic decomposition with the biorthogonal 1.5 wavelet (Haar synthesis, 10-tap analysis low-pass
    /// √2/256·[3, −3, −22, 22, 128, 128, 22, −22, −3, 3]), half-sample symmetric extension at the patch edges.
    /// Row order: the final approximation, then details coarse to fine, as in the usual wavelet layout.
    /// </summary>
    /// <param name="n">A power of two, at least 2.</param>
    public static double[,] Bior15(int n)
    {
        if (n < 2 || (n & (n - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "bior1.5 patches must be a power of two wide.");
        }

        double[] low = [3, -3, -22, 22, 128, 128, 22, -22, -3, 3];
        var lowScale = Math.Sqrt(2) / 256.0;

        // Each level maps the current approximation (as rows over the n input samples) to half as many
        // approximations and details.
        var approx = Identity(n);
        var details = new List<double[]>();
        for (var length = n; length >= 2; length /= 2)
        {
            var half = length / 2;
            var nextApprox = new double[half][];
            var levelDetails = new double[half][];
            for (var k = 0; k < half; k++)
            {
                var a = new double[n];
                for (var t = 0; t < low.Length; t++)
                {
                    var src = Periodic((2 * k) - 4 + t, length);
                    Add(a, approx[src], low[t] * lowScale);
                }

                var d = new double[n];
                Add(d, approx[(2 * k) + 1], Math.Sqrt(0.5));
                Add(d, approx[2 * k], -Math.Sqrt(0.5));
                nextApprox[k] = a;
                levelDetails[k] = d;
            }

            details.InsertRange(0, levelDetails);
            approx = nextApprox;
        }

        var m = new double[n, n];
        var rows = new List<double[]> { approx[0] };
        rows.AddRange(details);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = rows[i][j];
            }
        }

        return m;
    }

    /// <summary>Inverse by Gauss–Jordan elimination with partial pivoting, in double precision.</summary>
    public static double[,] Invert(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var inv = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            inv[i, i] = 1;
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, col]) < 1e-12)
            {
                throw new InvalidOperationException("Transform matrix is singular.");
            }

            SwapRows(a, col, pivot);
            SwapRows(inv, col, pivot);
            var p = a[col, col];
            for (var j = 0; j < n; j++)
            {
                a[col, j] /= p;
                inv[col, j] /= p;
            }

            for (var r = 0; r < n; r++)
            {
                if (r == col || a[r, col] == 0)
                {
                    continue;
                }

                var f = a[r, col];
                for (var j = 0; j < n; j++)
                {
                    a[r, j] -= f * a[col, j];
                    inv[r, j] -= f * inv[col, j];
                }
            }
        }

        return inv;
    }

    private static double[][] Identity(int n)
    {
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new double[n];
            rows[i][i] = 1;
        }

        return rows;
    }

    private static void Add(double[] target, double[] source, double factor)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += factor * source[i];
        }
    }

    private static int Periodic(int i, int n) => ((i % n) + n) % n;

    private static void SwapRows(double[,] m, int a, int b)
    {
        if (a == b)
        {
            return;
        }

        for (var j = 0; j < m.GetLength(1); j++)
        {
            (m[a, j], m[b, j]) = (m[b, j], m[a, j]);
        }
    }
}
