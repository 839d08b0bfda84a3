using System.Numerics;
using OpenCvSharp;
using Tacs.Collagen.Boundaries;

namespace Tacs.Collagen.Synthesis;

/// <summary>
/// Generates synthetic collagen images of known TACS class around a tumour. Every image has randomly
/// oriented, moderately wavy background collagen away from the tumour and, in a band next to the boundary,
/// collagen drawn as the class prescribes: TACS-1 dense, wavy and without preferred orientation; TACS-2
/// straight and parallel to the boundary; TACS-3 straight fibres and bundles perpendicular to it. Part of the
/// band's collagen is randomly oriented clutter in every class. The amount of collagen is set as a total fibre
/// length per area, so mean intensity carries no class information beyond what the class itself implies.
/// </summary>
public static class CollagenSynthesizer
{
    // Fibre length per unit area (px / px²), far from and next to the tumour.
    private const double FarLengthPerArea = 0.010;
    private const double BandLengthPerArea = 0.028;

    // TACS-1 is "locally dense" in the literature; kept mild so density alone does not separate the classes.
    private const double Tacs1DensityFactor = 1.1;

    /// <summary>Generates one image of class <paramref name="label"/>.</summary>
    /// <param name="options">Generator options; validated here.</param>
    /// <param name="label">The class to draw.</param>
    /// <param name="seed">Seed: the same seed and options give the same image.</param>
    /// <param name="index">Position in a set, used only for <see cref="SynthSample.Id"/>.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public static SynthSample Generate(SynthOptions options, TacsClass label, int seed, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var size = options.Size;
        var random = new Random(seed);
        var scale = size / 512.0;
        var nuisance = new SynthNuisance(
            Density: random.Uniform(0.6, 1.5),
            LengthScale: random.Uniform(0.7, 1.3),
            FibreWidth: random.Uniform(2.0, 4.5),
            Brightness: random.Uniform(0.5, 1.5),
            PsfSigma: random.Uniform(0.8, 1.6),
            Background: random.Uniform(0.02, 0.10),
            TumourRadius: random.Uniform(0.14, 0.26) * size,
            BoundaryRoughness: random.Uniform(0.0, 0.18),
            Clutter: random.Uniform(0.1, 0.35));

        // Drawn after the original nuisances so those keep their ranges; every class draws them alike.
        var denseStroma = random.NextDouble() < 0.4;
        var autofluorescence = random.NextDouble() < 0.6 ? random.Uniform(0.05, 0.35) : 0;
        var extraBackground = random.NextDouble() < 0.4 ? random.Uniform(0.0, 0.15) : 0;
        if (!options.Realism)
        {
            (denseStroma, autofluorescence, extraBackground) = (false, 0, 0);
        }

        var pattern = label != TacsClass.Tacs3 ? Tacs3Pattern.Diffuse : options.Tacs3Pattern switch
        {
            Tacs3Pattern.Any => random.NextDouble() switch { < 0.4 => Tacs3Pattern.Diffuse, < 0.7 => Tacs3Pattern.Focal, _ => Tacs3Pattern.Mixed },
            var chosen => chosen,
        };
        nuisance = nuisance with
        {
            Background = nuisance.Background + extraBackground,
            Clutter = denseStroma && label != TacsClass.Tacs1 ? nuisance.Clutter + 0.1 : nuisance.Clutter,
            DenseStroma = denseStroma,
            Autofluorescence = autofluorescence,
            Pattern = pattern,
        };

        var polygon = TumourShape.Draw(random, size, nuisance.TumourRadius, nuisance.BoundaryRoughness);
        var boundary = TumourBoundary.FromPolygon(polygon, size, size);
        var signal = new float[size * size];
        var grower = new FibreGrower(boundary, random);
        var band = options.BandWidth * Math.Min(1, scale * 1.5);
        var (near, far) = Regions(boundary, band);

        // Background collagen everywhere beyond the band, the same for every class; real SHG stroma is often
        // dense with long fibres, so part of the images get two to three times more and longer ones.
        var farBudget = far.Count * FarLengthPerArea * nuisance.Density * (denseStroma ? random.Uniform(2, 3) : 1);
        (double, double) farLengths = denseStroma ? (100, 300) : (30, 150);
        DrawUntil(signal, size, farBudget, () => RandomFibre(grower, random, far, size, nuisance, persistence: random.Uniform(40, 300), lengthRange: farLengths), random, nuisance);

        var bandBudget = near.Count * BandLengthPerArea * nuisance.Density * (label == TacsClass.Tacs1 ? Tacs1DensityFactor : 1);
        var clutter = label == TacsClass.Tacs1 ? 0 : nuisance.Clutter;
        DrawUntil(signal, size, bandBudget * clutter, () => RandomFibre(grower, random, near, size, nuisance, persistence: random.Uniform(40, 200), lengthRange: farLengths), random, nuisance);
        var classBudget = bandBudget * (1 - clutter);
        switch (label)
        {
            case TacsClass.Tacs1:
                DrawUntil(signal, size, classBudget, () => Tacs1Fibre(grower, random, near, size, nuisance), random, nuisance);
                break;
            case TacsClass.Tacs2:
                DrawUntil(signal, size, classBudget, () => Tacs2Fibre(grower, random, near, size, nuisance), random, nuisance);
                break;
            case TacsClass.Tacs3 when pattern is Tacs3Pattern.Diffuse:
                DrawUntil(signal, size, classBudget, () => Bundle(grower, random, boundary, band, size, nuisance, arc: null), random, nuisance);
                break;
            default:
                // Focal or mixed TACS-3: bundles over one arc, the rest of the band wavy (focal) or parallel (mixed).
                var arc = new BoundaryArc(BoundaryArc.Centroid(polygon), random.Uniform(-Math.PI, Math.PI), random.Uniform(0.2, 0.45) * Math.PI);
                nuisance = nuisance with { ArcCoverage = arc.Coverage };
                var outside = near.Where(i => !arc.Contains(new Vector2(i % size, i / size))).ToList();
                DrawUntil(signal, size, classBudget * arc.Coverage, () => Bundle(grower, random, boundary, band, size, nuisance, arc), random, nuisance);
                if (outside.Count > 0)
                {
                    DrawUntil(signal, size, classBudget * (1 - arc.Coverage), pattern == Tacs3Pattern.Focal
                        ? () => Tacs1Fibre(grower, random, outside, size, nuisance)
                        : () => Tacs2Fibre(grower, random, outside, size, nuisance), random, nuisance);
                }

                break;
        }

        Autofluorescence.Add(signal, size, boundary.Mask, autofluorescence, random);
        AddBackground(signal, size, boundary, nuisance, random);
        ImagingModel.Blur(signal, size, size, nuisance.PsfSigma);
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] *= (float)nuisance.Brightness;
        }

        var clean = ImagingModel.Expected(signal, options.CleanPeakPhotons, options.Gain, options.Offset);
        var noisy = options.NoiseLevels
            .Select((level, i) => new NoisyImage(level, ImagingModel.Acquire(signal, level, options.Gain, options.Offset, new Random(SynthRandom.Derive(seed, 1000 + i)))))
            .ToArray();
        return new SynthSample(index, seed, label, size, signal, clean, noisy, boundary, nuisance, options);
    }

    /// <summary>Generates <paramref name="perClass"/> images of each class, interleaved (TACS-1, TACS-2, TACS-3, TACS-1, …),
    /// lazily so a large set never sits in memory at once. Image i has seed <c>Derive(seed, i)</c>.</summary>
    /// <param name="options">Generator options.</param>
    /// <param name="perClass">Images per class, ≥ 1.</param>
    /// <param name="seed">Seed of the whole set.</param>
    public static IEnumerable<SynthSample> GenerateSet(SynthOptions options, int perClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        return Enumerable.Range(0, perClass * 3).Select(i => Generate(options, TacsClassNames.All[i % 3], SeedOf(seed, i), i));
    }

    /// <summary>The seed of image <paramref name="index"/> in a set drawn with <paramref name="seed"/>.</summary>
    /// <param name="seed">Seed of the set.</param>
    /// <param name="index">Image index.</param>
    public static int SeedOf(int seed, int index) => SynthRandom.Derive(seed, index);

    private static (List<int> Near, List<int> Far) Regions(TumourBoundary boundary, double band)
    {
        var near = new List<int>();
        var far = new List<int>();
        var distance = boundary.SignedDistance;
        for (var i = 0; i < distance.Length; i++)
        {
            if (distance[i] > band)
            {
                far.Add(i);
            }
            else if (distance[i] > 0)
            {
                near.Add(i);
            }
        }

        return (near, far);
    }

    private static Vector2 Pick(List<int> region, int size, Random random)
    {
        var i = region[random.Next(region.Count)];
        return new Vector2((i % size) + (float)random.NextDouble(), (i / size) + (float)random.NextDouble());
    }

    private static IEnumerable<List<Vector2>> Tacs1Fibre(FibreGrower grower, Random random, List<int> region, int size, SynthNuisance nuisance) =>
        RandomFibre(grower, random, region, size, nuisance, persistence: random.Uniform(12, 35), lengthRange: (30, 110));

    private static IEnumerable<List<Vector2>> Tacs2Fibre(FibreGrower grower, Random random, List<int> region, int size, SynthNuisance nuisance) =>
        [grower.AlongBoundary(Pick(region, size, random), random.Uniform(60, 200) * nuisance.LengthScale * (size / 512.0))];

    private static IEnumerable<List<Vector2>> RandomFibre(FibreGrower grower, Random random, List<int> region, int size, SynthNuisance nuisance, double persistence, (double Low, double High)? lengthRange = null)
    {
        var (low, high) = lengthRange ?? (30, 150);
        var length = random.Uniform(low, high) * nuisance.LengthScale * (size / 512.0);
        return [grower.Wavy(Pick(region, size, random), random.Uniform(0, 2 * Math.PI), length, persistence)];
    }

    /// <summary>One to four parallel straight fibres leaving the boundary side by side.</summary>
    private static IEnumerable<List<Vector2>> Bundle(FibreGrower grower, Random random, TumourBoundary boundary, double band, int size, SynthNuisance nuisance, BoundaryArc? arc)
    {
        var distance = boundary.SignedDistance;
        Vector2 start;
        var tries = 0;
        do
        {
            start = new Vector2((float)random.Uniform(0, size - 1), (float)random.Uniform(0, size - 1));
            tries++;
        }
        while (tries < 10000 && distance[((int)start.Y * size) + (int)start.X] is var d && (d <= 0 || d > 0.25 * band || (arc is not null && !arc.Contains(start))));

        var count = random.Next(1, 5);
        var tilt = 0.14 * random.Normal();
        var length = random.Uniform(40, 140) * nuisance.LengthScale * (size / 512.0);
        var normal = boundary.NormalAt((int)start.X, (int)start.Y);
        var across = new Vector2(-normal.Y, normal.X);
        var spacing = (float)(random.Uniform(1.1, 1.7) * nuisance.FibreWidth);
        var fibres = new List<List<Vector2>>();
        for (var k = 0; k < count; k++)
        {
            var offset = (k - ((count - 1) / 2f)) * spacing;
            var origin = start + (across * offset);
            if (origin.X >= 0 && origin.Y >= 0 && origin.X < size - 1 && origin.Y < size - 1 && !boundary.IsInside((int)origin.X, (int)origin.Y))
            {
                fibres.Add(grower.Radial(origin, length * random.Uniform(0.85, 1.0), tilt));
            }
        }

        return fibres;
    }

    private static void DrawUntil(float[] signal, int size, double budget, Func<IEnumerable<List<Vector2>>> next, Random random, SynthNuisance nuisance)
    {
        var drawn = 0.0;
        var attempts = 0;
        while (drawn < budget && attempts++ < 20000)
        {
            foreach (var points in next())
            {
                if (points.Count < 5)
                {
                    continue;
                }

                var fibre = new FibrePath(points, Math.Max(1.2, nuisance.FibreWidth + (0.4 * random.Normal())), random.Uniform(0.6, 1.0));
                FibreRenderer.Draw(signal, size, size, fibre);
                drawn += fibre.Length;
            }
        }
    }

    /// <summary>A smooth, uneven background (out-of-focus light, autofluorescence) over stroma and tumour alike.</summary>
    private static void AddBackground(float[] signal, int size, TumourBoundary boundary, SynthNuisance nuisance, Random random)
    {
        const int coarse = 8;
        var grid = new float[coarse * coarse];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = (float)random.Uniform(0.5, 1.5);
        }

        using var small = Mat.FromPixelData(coarse, coarse, MatType.CV_32FC1, grid);
        using var large = new Mat();
        Cv2.Resize(small, large, new Size(size, size), 0, 0, InterpolationFlags.Cubic);
        large.GetArray(out float[] field);
        var tumourLevel = (float)random.Uniform(0.5, 1.5);
        for (var i = 0; i < signal.Length; i++)
        {
            var level = (float)nuisance.Background * field[i];
            signal[i] += boundary.Mask[i] != 0 ? level * tumourLevel : level;
        }
    }
}
