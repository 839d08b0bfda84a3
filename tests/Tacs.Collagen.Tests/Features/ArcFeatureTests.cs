using System.Numerics;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Tests.Features;

/// <summary>Per-arc features see focal TACS-3 that band-wide means average away (issue 20).</summary>
public class ArcFeatureTests
{
    private const int Size = 256;
    private static readonly Vector2 Centre = new(128, 128);

    [Fact]
    public void FocalPerpendicularFibresScoreHighOnTheBestArcWhileTheBandMeanStaysLow()
    {
        var image = Drawing.Blank(Size);
        // Seven straight fibres leaving the tumour over ±30° around the +x direction …
        Spokes(image, -30, 30, 10);

        // … and fibres wrapped around it (parallel) everywhere else, in 30° pieces.
        foreach (var radius in new[] { 60f, 72f, 84f })
        {
            for (var from = 45; from < 315; from += 30)
            {
                Drawing.Arc(image, Size, Centre, radius, from * Math.PI / 180, (from + 25) * Math.PI / 180);
            }
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, Circle(50), new FeatureOptions { BandWidth = 40 });

        Assert.True(features["boundary_frac_above_60"] < 0.35, $"band-wide perpendicular fraction {features["boundary_frac_above_60"]}");
        Assert.True(features["boundary_lw_frac_above_60"] < 0.35, $"length-weighted band-wide {features["boundary_lw_frac_above_60"]}");
        Assert.True(features["boundary_arc_max_frac_above_60"] > 0.6, $"best arc {features["boundary_arc_max_frac_above_60"]}");
        Assert.True(features["boundary_arc_max_frac_below_30"] > 0.8, $"most parallel arc {features["boundary_arc_max_frac_below_30"]}");
        Assert.InRange(features["boundary_arc_perpendicular_coverage"], 0.01, 0.4);
        // Pixel-wise (structure tensor) the same: the best arc far above the band as a whole.
        Assert.True(features["boundary_st_frac_above_60"] < 0.35, $"pixel-wise band-wide {features["boundary_st_frac_above_60"]}");
        Assert.True(features["boundary_arc_st_max_frac_above_60"] > 0.5, $"pixel-wise best arc {features["boundary_arc_st_max_frac_above_60"]}");
        // Orientation order in the boundary frame: positive on the perpendicular arc, negative on the parallel ones.
        Assert.True(features["boundary_arc_st_max_order"] > 0.3, $"largest arc order {features["boundary_arc_st_max_order"]}");
        Assert.True(features["boundary_arc_st_min_order"] < -0.3, $"smallest arc order {features["boundary_arc_st_min_order"]}");
        Assert.True(features["boundary_st_order"] < features["boundary_arc_st_max_order"] - 0.3, $"band order {features["boundary_st_order"]}");
        Assert.True(features["boundary_arc_coarse_max_order"] > features["boundary_coarse_order"], $"coarse: arc {features["boundary_arc_coarse_max_order"]}, band {features["boundary_coarse_order"]}");
        // The perpendicular fibres are straight lines.
        Assert.True(features["boundary_arc_peak_straightness"] > 0.95, $"best arc straightness {features["boundary_arc_peak_straightness"]}");
        // The best arc is on the +x side of the tumour, where the perpendicular fibres are.
        Assert.True(features["boundary_arc_peak_x"] > 160, $"peak at ({features["boundary_arc_peak_x"]}, {features["boundary_arc_peak_y"]})");
        Assert.InRange(features["boundary_arc_peak_y"], 128 - 35, 128 + 35);
    }

    [Fact]
    public void PerpendicularFibresAllAroundGiveFullCoverage()
    {
        var image = Drawing.Blank(Size);
        Spokes(image, 0, 348, 12);

        var features = FibreFeatureExtractor.Extract(image, Size, Size, Circle(50), new FeatureOptions { BandWidth = 40 });

        Assert.True(features["boundary_frac_above_60"] > 0.8, $"band-wide {features["boundary_frac_above_60"]}");
        Assert.True(features["boundary_arc_perpendicular_coverage"] > 0.9, $"coverage {features["boundary_arc_perpendicular_coverage"]}");
    }

    [Fact]
    public void TheOrderOfAFocalBundleKeepsItsSignUnderNoiseThatLeavesPureNoiseNearZero()
    {
        var fibres = Drawing.Blank(Size);
        Spokes(fibres, -30, 30, 6);

        var random = new Random(5);
        var noisy = fibres.Select(v => v + (float)(0.6 * Gaussian(random))).ToArray();
        var noiseOnly = fibres.Select(_ => (float)(0.6 * Gaussian(random))).ToArray();
        var options = new FeatureOptions { BandWidth = 40 };

        var withFibres = FibreFeatureExtractor.Extract(noisy, Size, Size, Circle(50), options);
        var pure = FibreFeatureExtractor.Extract(noiseOnly, Size, Size, Circle(50), options);

        // Pure noise is isotropic: no order over the band, none on any arc beyond chance.
        Assert.InRange(pure["boundary_st_order"], -0.03, 0.03);
        Assert.InRange(pure["boundary_arc_st_max_order"], -0.1, 0.1);
        // The bundle under the same noise: its arc keeps a positive order, clear of the noise's largest arc.
        Assert.True(withFibres["boundary_arc_st_max_order"] > pure["boundary_arc_st_max_order"] + 0.1, $"bundle {withFibres["boundary_arc_st_max_order"]}, noise {pure["boundary_arc_st_max_order"]}");
        Assert.True(withFibres["boundary_arc_coarse_max_order"] > pure["boundary_arc_coarse_max_order"] + 0.1, $"coarse: bundle {withFibres["boundary_arc_coarse_max_order"]}, noise {pure["boundary_arc_coarse_max_order"]}");
    }

    [Fact]
    public void TooFewFibresForAnyArcFallBackToBandWideValuesWithANote()
    {
        var image = Drawing.Blank(Size);
        Drawing.Line(image, Size, Centre + new Vector2(54, 0), Centre + new Vector2(88, 0));
        Drawing.Line(image, Size, Centre + new Vector2(-54, 0), Centre + new Vector2(-88, 0));

        var features = FibreFeatureExtractor.Extract(image, Size, Size, Circle(50), new FeatureOptions { BandWidth = 40 });

        Assert.Equal(features["boundary_lw_frac_above_60"], features["boundary_arc_max_frac_above_60"]);
        Assert.Equal(-1, features["boundary_arc_peak_x"]);
        Assert.Contains(features.Notes, n => n.Contains("No arc of the boundary", StringComparison.Ordinal));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static TumourBoundary Circle(float radius) =>
        TumourBoundary.FromPolygon([.. Enumerable.Range(0, 128).Select(i => Centre + (radius * Unit(2 * Math.PI * i / 128)))], Size, Size);

    private static Vector2 Unit(double angle) => new((float)Math.Cos(angle), (float)Math.Sin(angle));

    // Straight fibres leaving the tumour (radius 50) radially, from 54 to 88 px from its centre, every
    // stepDegrees from fromDegrees to toDegrees inclusive.
    private static void Spokes(float[] image, int fromDegrees, int toDegrees, int stepDegrees)
    {
        for (var degrees = fromDegrees; degrees <= toDegrees; degrees += stepDegrees)
        {
            var u = Unit(degrees * Math.PI / 180);
            Drawing.Line(image, Size, Centre + (54 * u), Centre + (88 * u));
        }
    }
}
