using OpenCvSharp;

namespace Tacs.Host.Synthetic.Scenes;

/// <summary>The drawing of each <see cref="StructureKind"/> onto a float canvas (relative signal, before blur).</summary>
internal static class SceneShapes
{
    public static void Spots(Mat canvas, double density, Random random)
    {
        var count = (int)(canvas.Width * canvas.Height / Lerp(4000, 150, density));
        for (var i = 0; i < Math.Max(3, count); i++)
        {
            var radius = random.NextDouble() < 0.8 ? 1 : 2 + random.Next(3);
            Cv2.Circle(canvas, RandomPoint(canvas, random), radius, Scalar.All(0.2 + (0.8 * random.NextDouble())), -1, LineTypes.AntiAlias);
        }
    }

    public static void Membranes(Mat canvas, double density, Random random)
    {
        var cellArea = Lerp(2500, 250, density);
        var seeds = Math.Max(4, (int)(canvas.Width * canvas.Height / cellArea));
        using var subdivision = new Subdiv2D(new Rect(-20, -20, canvas.Width + 40, canvas.Height + 40));
        for (var i = 0; i < seeds; i++)
        {
            subdivision.Insert(new Point2f((float)(random.NextDouble() * canvas.Width), (float)(random.NextDouble() * canvas.Height)));
        }

        subdivision.GetVoronoiFacetList(null, out var facets, out _);
        foreach (var facet in facets)
        {
            var outline = facet.Select(p => new Point((int)Math.Round(p.X), (int)Math.Round(p.Y))).ToArray();
            var inside = 0.03 + (0.12 * random.NextDouble());
            Cv2.FillConvexPoly(canvas, outline, Scalar.All(inside), LineTypes.AntiAlias);
            Cv2.Polylines(canvas, [outline], true, Scalar.All(0.4 + (0.6 * random.NextDouble())), 1 + random.Next(2), LineTypes.AntiAlias);
        }
    }

    public static void Cytoplasm(Mat canvas, double density, Random random)
    {
        using var mask = new Mat(canvas.Size(), MatType.CV_32FC1, Scalar.All(0));
        var cells = Math.Max(2, (int)(canvas.Width * canvas.Height / Lerp(9000, 1500, density)));
        for (var i = 0; i < cells; i++)
        {
            var centre = RandomPoint(canvas, random);
            var radius = 10 + random.Next(Math.Max(2, Math.Min(canvas.Width, canvas.Height) / 8));
            var axes = new Size(radius, (int)(radius * (0.5 + (0.5 * random.NextDouble()))));
            var angle = random.Next(180);
            Cv2.Ellipse(mask, centre, axes, angle, 0, 360, Scalar.All(0.3 + (0.7 * random.NextDouble())), -1, LineTypes.AntiAlias);
            Cv2.Ellipse(mask, centre, new Size(axes.Width / 3, axes.Height / 3), angle, 0, 360, Scalar.All(0.05), -1, LineTypes.AntiAlias);
        }

        using var texture = SmoothField(canvas.Width, canvas.Height, 1.5 + (2.5 * random.NextDouble()), random);
        Cv2.Add(texture, Scalar.All(0.6), texture);
        Cv2.Multiply(mask, texture, canvas);
    }

    public static void Nuclei(Mat canvas, double density, Random random)
    {
        var count = Math.Max(2, (int)(canvas.Width * canvas.Height / Lerp(6000, 900, density)));
        using var chromatin = SmoothField(canvas.Width, canvas.Height, 1 + random.NextDouble(), random);
        using var mask = new Mat(canvas.Size(), MatType.CV_32FC1, Scalar.All(0));
        for (var i = 0; i < count; i++)
        {
            var centre = RandomPoint(canvas, random);
            var radius = 6 + random.Next(14);
            var axes = new Size(radius, (int)(radius * (0.6 + (0.4 * random.NextDouble()))));
            Cv2.Ellipse(mask, centre, axes, random.Next(180), 0, 360, Scalar.All(0.35 + (0.35 * random.NextDouble())), -1, LineTypes.AntiAlias);
        }

        Cv2.Multiply(chromatin, Scalar.All(0.6), chromatin);
        Cv2.Add(chromatin, Scalar.All(1), chromatin);
        Cv2.Multiply(mask, chromatin, canvas);
        for (var i = 0; i < count * 2; i++)
        {
            // Nucleoli: bright spots, only where a nucleus is.
            var at = RandomPoint(canvas, random);
            if (mask.At<float>(at.Y, at.X) > 0)
            {
                Cv2.Circle(canvas, at, 1 + random.Next(2), Scalar.All(0.8 + (0.2 * random.NextDouble())), -1, LineTypes.AntiAlias);
            }
        }
    }

    public static void Filaments(Mat canvas, double density, Random random)
    {
        var count = Math.Max(3, (int)((canvas.Width + canvas.Height) * Lerp(0.04, 0.3, density)));
        for (var i = 0; i < count; i++)
        {
            var curve = Curve(RandomPoint(canvas, random), random.NextDouble() * 2 * Math.PI, 30 + random.Next(Math.Max(2, canvas.Width / 2)), 0.15, random);
            Cv2.Polylines(canvas, [curve], false, Scalar.All(0.3 + (0.7 * random.NextDouble())), 1, LineTypes.AntiAlias);
        }
    }

    public static void Fibres(Mat canvas, double density, Random random)
    {
        var direction = random.NextDouble() * Math.PI;
        var count = Math.Max(4, (int)((canvas.Width + canvas.Height) * Lerp(0.05, 0.35, density)));
        for (var i = 0; i < count; i++)
        {
            var heading = direction + (0.35 * NoiseModel.Gaussian(random));
            var length = canvas.Width + canvas.Height;
            var start = RandomPoint(canvas, random);
            var back = new Point(start.X - (int)(length / 2 * Math.Cos(heading)), start.Y - (int)(length / 2 * Math.Sin(heading)));
            var curve = Curve(back, heading, length, 0.04, random);
            Cv2.Polylines(canvas, [curve], false, Scalar.All(0.3 + (0.7 * random.NextDouble())), 1 + random.Next(3), LineTypes.AntiAlias);
        }
    }

    /// <summary>A smooth random field of mean 0 and standard deviation about 1, correlated over <paramref name="scale"/> pixels.</summary>
    public static Mat SmoothField(int width, int height, double scale, Random random)
    {
        var values = new float[width * height];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)NoiseModel.Gaussian(random);
        }

        using var white = Mat.FromPixelData(height, width, MatType.CV_32FC1, values);
        var field = new Mat();
        Cv2.GaussianBlur(white, field, new Size(0, 0), scale);
        Cv2.MeanStdDev(field, out _, out var spread);
        Cv2.Multiply(field, Scalar.All(1 / Math.Max(1e-6, spread.Val0)), field);
        return field;
    }

    // A curve that turns smoothly: each unit step changes the heading by a small random amount.
    private static Point[] Curve(Point start, double heading, int length, double wander, Random random)
    {
        var points = new Point[Math.Max(2, length / 4)];
        double x = start.X, y = start.Y, turn = 0;
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Point((int)Math.Round(x), (int)Math.Round(y));
            turn = (0.8 * turn) + (wander * NoiseModel.Gaussian(random));
            heading += turn * 0.5;
            x += 4 * Math.Cos(heading);
            y += 4 * Math.Sin(heading);
        }

        return points;
    }

    private static Point RandomPoint(Mat canvas, Random random) => new(random.Next(canvas.Width), random.Next(canvas.Height));

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
