using System.Numerics;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Tests.Features;

/// <summary>Counts, lengths, densities and distances on lines whose numbers are known.</summary>
public class FeatureCountingTests
{
    private const int Size = 256;

    [Fact]
    public void ThreeSeparateVerticalLinesAreCountedMeasuredAndPlaced()
    {
        // Boundary at x = 60; lines at x = 80, 100 and 120 (20, 40 and 60 px away), 200 px long, FWHM 3 px.
        var image = Drawing.Blank(Size);
        float[] xs = [80, 100, 120];
        foreach (var x in xs)
        {
            Drawing.Line(image, Size, new Vector2(x, 28), new Vector2(x, 228));
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, FeatureGeometryTests.StraightBoundaryAtX(60));

        Assert.Equal(3, features["fibre_count"]);
        Assert.InRange(features["fibre_length_mean"], 190, 210);
        Assert.InRange(features["boundary_fibre_distance_mean"], 37, 43);
        Assert.InRange(features["boundary_band_straightness"], 0.98, 1.0);

        // Skeleton: about 3 × 200 px per 256² px; two ends per line.
        Assert.InRange(features["skeleton_length_density"], 3 * 190 * 1e4 / (Size * Size), 3 * 210 * 1e4 / (Size * Size));
        Assert.InRange(features["end_points_per_100px"], 6 * 100.0 / 630, 6 * 100.0 / 570);
        Assert.Equal(0, features["branch_points_per_100px"]);

        // Mask about 3 lines × 200 px × 3 px wide, all inside the 100 px band.
        var expectedArea = 3 * 200 * 3.0;
        Assert.InRange(features["area_fraction"], expectedArea * 0.7 / (Size * Size), expectedArea * 1.4 / (Size * Size));
        var bandArea = 100.0 * Size;
        Assert.InRange(features["boundary_band_area_fraction"], expectedArea * 0.7 / bandArea, expectedArea * 1.4 / bandArea);
    }

    [Fact]
    public void FibresPerBoxCountsNeighboursWithinTheBox()
    {
        // Two groups far apart: three short lines close together (mid-points within 64 px) and one alone.
        var image = Drawing.Blank(Size);
        Drawing.Line(image, Size, new Vector2(30, 30), new Vector2(30, 60));
        Drawing.Line(image, Size, new Vector2(45, 30), new Vector2(45, 60));
        Drawing.Line(image, Size, new Vector2(60, 30), new Vector2(60, 60));
        Drawing.Line(image, Size, new Vector2(200, 200), new Vector2(200, 230));

        var features = FibreFeatureExtractor.Extract(image, Size, Size, null);

        // Each of the three sees 3 (itself included), the lone one sees 1: (3·3 + 1) / 4 = 2.5.
        Assert.Equal(4, features["fibre_count"]);
        Assert.Equal(2.5, features["fibres_per_box"], 6);
    }
}
