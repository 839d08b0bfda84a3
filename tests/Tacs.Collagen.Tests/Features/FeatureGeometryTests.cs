using System.Numerics;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Features;

namespace Tacs.Collagen.Tests.Features;

public class FeatureGeometryTests
{
    private const int Size = 256;

    [Fact]
    public void ParallelLinesHaveCoherencyAndAlignmentNearOne()
    {
        var image = Drawing.Blank(Size);
        for (var y = 20; y < Size - 10; y += 18)
        {
            Drawing.Line(image, Size, new Vector2(10, y), new Vector2(Size - 10, y + 6));
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, null);

        Assert.True(features["st_coherency_global"] > 0.9, $"global coherency {features["st_coherency_global"]}");
        Assert.True(features["st_coherency_local"] > 0.9, $"local coherency {features["st_coherency_local"]}");
        Assert.True(features["fibre_alignment"] > 0.95, $"alignment {features["fibre_alignment"]}");
        Assert.True(features["fibre_straightness_mean"] > 0.97, $"straightness {features["fibre_straightness_mean"]}");
        Assert.InRange(features["st_orientation_deg"], 178.0 - 3, 180.0); // lines fall slightly to the right: just under 180°
    }

    [Fact]
    public void RandomlyOrientedLinesHaveLowAlignment()
    {
        var image = Drawing.Blank(Size);
        var random = new Random(3);
        for (var i = 0; i < 40; i++)
        {
            var centre = new Vector2(random.Next(30, Size - 30), random.Next(30, Size - 30));
            var angle = random.NextDouble() * Math.PI;
            var half = 20 * new Vector2((float)Math.Cos(angle), (float)Math.Sin(angle));
            Drawing.Line(image, Size, centre - half, centre + half);
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, null);

        Assert.True(features["st_coherency_global"] < 0.3, $"global coherency {features["st_coherency_global"]}");
        Assert.True(features["fibre_alignment"] < 0.4, $"alignment {features["fibre_alignment"]}");
    }

    [Fact]
    public void LinesPerpendicularToAStraightBoundaryAreAt90Degrees()
    {
        var boundary = StraightBoundaryAtX(60);
        var image = Drawing.Blank(Size);
        for (var y = 20; y < Size - 10; y += 16)
        {
            Drawing.Line(image, Size, new Vector2(64, y), new Vector2(150, y));
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, boundary);

        Assert.True(features.BoundaryUsed);
        Assert.True(features["boundary_rel_angle_mean"] > 85, $"relative angle {features["boundary_rel_angle_mean"]}");
        Assert.True(features["boundary_st_rel_angle_mean"] > 80, $"pixel-wise relative angle {features["boundary_st_rel_angle_mean"]}");
        Assert.Equal(1.0, features["boundary_frac_above_60"], 3);
        Assert.Equal(0.0, features["boundary_frac_below_30"], 3);
    }

    [Fact]
    public void LinesParallelToAStraightBoundaryAreAt0Degrees()
    {
        var boundary = StraightBoundaryAtX(60);
        var image = Drawing.Blank(Size);
        for (var x = 70; x < 160; x += 16)
        {
            Drawing.Line(image, Size, new Vector2(x, 15), new Vector2(x, Size - 15));
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, boundary);

        Assert.True(features["boundary_rel_angle_mean"] < 5, $"relative angle {features["boundary_rel_angle_mean"]}");
        Assert.Equal(1.0, features["boundary_frac_below_30"], 3);
        Assert.True(features["boundary_rel_alignment"] > 0.95);
    }

    [Fact]
    public void FibresBeyondTheBandDoNotCount()
    {
        var boundary = StraightBoundaryAtX(20);
        var image = Drawing.Blank(Size);
        Drawing.Line(image, Size, new Vector2(200, 20), new Vector2(200, 230)); // 180 px away: outside a 50 px band

        var features = FibreFeatureExtractor.Extract(image, Size, Size, boundary, new FeatureOptions { BandWidth = 50 });

        Assert.Equal(45, features["boundary_rel_angle_mean"]);
        Assert.Contains(features.Notes, n => n.Contains("No fibre lies within 50 px", StringComparison.Ordinal));
    }

    [Fact]
    public void ACircleHasItsCircumferenceAsLengthAndNoStraightness()
    {
        var image = Drawing.Blank(Size);
        const float radius = 60;
        Drawing.Arc(image, Size, new Vector2(128, 128), radius, 0, 2 * Math.PI);

        var network = Trace(image);

        var fibre = Assert.Single(network.Fibres);
        Assert.InRange(fibre.Length, 2 * Math.PI * radius * 0.95, 2 * Math.PI * radius * 1.05);
        Assert.True(fibre.Straightness < 0.05, $"straightness {fibre.Straightness}");
    }

    [Fact]
    public void ASemicircleHasStraightnessTwoOverPi()
    {
        var image = Drawing.Blank(Size);
        const float radius = 60;
        Drawing.Arc(image, Size, new Vector2(128, 100), radius, 0, Math.PI);

        var network = Trace(image);

        var fibre = Assert.Single(network.Fibres);
        Assert.InRange(fibre.Length, Math.PI * radius * 0.95, Math.PI * radius * 1.05);
        Assert.InRange(fibre.Straightness, (2 / Math.PI) - 0.05, (2 / Math.PI) + 0.05);
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(6f)]
    public void WidthFollowsTheDrawnWidth(float width)
    {
        var image = Drawing.Blank(Size);
        for (var y = 30; y < Size - 20; y += 40)
        {
            Drawing.Line(image, Size, new Vector2(20, y), new Vector2(Size - 20, y), width);
        }

        var features = FibreFeatureExtractor.Extract(image, Size, Size, null);

        // The mask is where the ridge filter responds, so it spans about the full width at half maximum.
        Assert.InRange(features["fibre_width_mean"], width - 1.5, width + 2.0);
    }

    [Fact]
    public void TwoCrossingLinesGiveABranchPointAndFourEnds()
    {
        var image = Drawing.Blank(Size);
        Drawing.Line(image, Size, new Vector2(40, 128), new Vector2(216, 128));
        Drawing.Line(image, Size, new Vector2(128, 40), new Vector2(128, 216));

        var network = Trace(image);

        Assert.True(network.EndPoints == 4, $"ends {network.EndPoints}, branches {network.BranchPoints}, fibres {network.Fibres.Count}: {string.Join(" ", network.Fibres.Select(f => $"{f.Points[0]}-{f.Points[^1]}"))}");
        Assert.InRange(network.BranchPoints, 1, 2);
        Assert.Equal(4, network.Fibres.Count);
    }

    [Fact]
    public void WithoutABoundaryOnlyBoundaryFreeFeaturesAreMeasuredAndTheNotesSaySo()
    {
        var image = Drawing.Blank(Size);
        Drawing.Line(image, Size, new Vector2(20, 50), new Vector2(200, 60));

        var features = FibreFeatureExtractor.Extract(image, Size, Size, null);

        Assert.False(features.BoundaryUsed);
        Assert.Equal(FeatureCatalog.BoundaryFreeNames, features.Names);
        Assert.Contains(features.Notes, n => n.Contains("No tumour boundary", StringComparison.Ordinal));
        var missing = Assert.Throws<KeyNotFoundException>(() => features["boundary_rel_angle_mean"]);
        Assert.Contains("no boundary was given", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCatalogFeatureIsMeasuredWithABoundary()
    {
        var image = Drawing.Blank(Size);
        Drawing.Line(image, Size, new Vector2(70, 50), new Vector2(200, 60));

        var features = FibreFeatureExtractor.Extract(image, Size, Size, StraightBoundaryAtX(60));

        Assert.Equal(FeatureCatalog.All.Select(f => f.Name), features.Names);
        Assert.True(FeatureCatalog.All.Count >= 15);
        Assert.All(features.Values, v => Assert.True(double.IsFinite(v)));
    }

    internal static TumourBoundary StraightBoundaryAtX(float x) =>
        TumourBoundary.FromPolygon([new(-5, -5), new(x, -5), new(x, Size + 5), new(-5, Size + 5)], Size, Size);

    private static FibreNetwork Trace(float[] image)
    {
        var normalised = image; // already 0–1
        using var mat = OpenCvSharp.Mat.FromPixelData(Size, Size, OpenCvSharp.MatType.CV_32FC1, normalised);
        var mask = FibreSegmentation.Segment(mat, FeatureOptions.Default.RidgeSigma, 20);
        return FibreNetwork.Trace(mask, Size, Size, FeatureOptions.Default.MinFibreLength);
    }
}
