using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Processing;
using Tacs.BioImageIO.Tensors;

namespace Models.BioImageIO.Tests.Processing;

/// <summary>The specification's processing steps against values worked out by hand.</summary>
public sealed class ProcessorTests
{
    // Two channels of four pixels: channel 0 holds 0..3, channel 1 holds 10, 20, 30, 40.
    private static NdTensor TwoChannels() => new([1, 2, 2, 2], ["batch", "channel", "y", "x"], [0, 1, 2, 3, 10, 20, 30, 40]);

    private static ProcessingStep Step(string id, params (string Key, object? Value)[] kwargs) =>
        new(id, kwargs.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal));

    private static List<object?> List(params string[] values) => [.. values];

    [Fact]
    public void ZeroMeanUnitVariance_OverXY_NormalisesEachChannelOnItsOwn()
    {
        var result = Processor.Apply(TwoChannels(), [Step("zero_mean_unit_variance", ("axes", List("x", "y")), ("eps", "0"))]);

        var std0 = Math.Sqrt(1.25);
        Assert.Equal(-1.5 / std0, result.Data[0], 5);
        Assert.Equal(1.5 / std0, result.Data[3], 5);
        Assert.Equal(-15 / (10 * std0), result.Data[4], 5);
    }

    [Fact]
    public void ZeroMeanUnitVariance_WithoutAxes_UsesEveryValueTogether()
    {
        var result = Processor.Apply(TwoChannels(), [Step("zero_mean_unit_variance")]);

        Assert.Equal(0, result.Data.Average(), 5);
        Assert.Equal(1, Math.Sqrt(result.Data.Average(v => v * v)), 4);
    }

    [Fact]
    public void ScaleRange_InterpolatesPercentilesLikeNumPy()
    {
        // numpy.percentile([0, 1, 2, 3], [10, 90]) = [0.3, 2.7]
        var result = Processor.Apply(TwoChannels(), [Step("scale_range", ("axes", "xy"), ("min_percentile", "10"), ("max_percentile", "90"), ("eps", "0"))]);

        Assert.Equal((0 - 0.3) / 2.4, result.Data[0], 5);
        Assert.Equal((3 - 0.3) / 2.4, result.Data[3], 5);
        Assert.Equal((10 - 13) / 24.0, result.Data[4], 5);
    }

    [Fact]
    public void ScaleRange_WithAReferenceTensor_UsesItsPercentiles()
    {
        var reference = new NdTensor([1, 1, 2, 2], ["batch", "channel", "y", "x"], [100, 200, 300, 500]);
        var x = new NdTensor([1, 1, 2, 2], ["batch", "channel", "y", "x"], [100, 300, 500, 700]);

        var result = Processor.Apply(x, [Step("scale_range", ("axes", List("y", "x")), ("reference_tensor", "raw"), ("eps", "0"))], new Dictionary<string, NdTensor> { ["raw"] = reference });

        Assert.Equal([0f, 0.5f, 1f, 1.5f], result.Data);
    }

    [Fact]
    public void ScaleLinear_PerChannelGainAndOffset_FollowTheAxis()
    {
        var result = Processor.Apply(TwoChannels(), [Step("scale_linear", ("gain", List("2", "0.5")), ("offset", List("1", "-5")), ("axis", "channel"))]);

        Assert.Equal([1f, 3, 5, 7, 0, 5, 10, 15], result.Data);
    }

    [Fact]
    public void FixedZeroMeanUnitVariance_UsesTheGivenStatistics()
    {
        var result = Processor.Apply(TwoChannels(), [Step("fixed_zero_mean_unit_variance", ("mean", List("1", "20")), ("std", List("2", "10")), ("axis", "channel"), ("eps", "0"))]);

        Assert.Equal([-0.5f, 0, 0.5f, 1, -1, 0, 1, 2], result.Data);
    }

    [Fact]
    public void ClipSigmoidBinarize_DoWhatTheirNamesSay()
    {
        var clipped = Processor.Apply(TwoChannels(), [Step("clip", ("min", "1"), ("max", "20"))]);
        var sigmoid = Processor.Apply(new NdTensor([1], ["x"], [0]), [Step("sigmoid")]);
        var binary = Processor.Apply(TwoChannels(), [Step("binarize", ("threshold", "2.5"))]);

        Assert.Equal([1f, 1, 2, 3, 10, 20, 20, 20], clipped.Data);
        Assert.Equal(0.5f, sigmoid.Data[0]);
        Assert.Equal([0f, 0, 0, 1, 1, 1, 1, 1], binary.Data);
    }

    [Fact]
    public void EnsureDtype_Uint8_TruncatesAndHoldsTheRange()
    {
        var result = Processor.Apply(new NdTensor([4], ["x"], [-3f, 2.7f, 254.9f, 300f]), [Step("ensure_dtype", ("dtype", "uint8"))]);

        Assert.Equal([0f, 2, 254, 255], result.Data);
    }

    [Fact]
    public void PerDatasetMode_AndUnknownSteps_AreRefusedByName()
    {
        var perDataset = Assert.Throws<PackageException>(() => Processor.Apply(TwoChannels(), [Step("zero_mean_unit_variance", ("mode", "per_dataset"))]));
        var unknown = Assert.Throws<PackageException>(() => Processor.Apply(TwoChannels(), [Step("stardist_postprocessing")]));
        var badAxis = Assert.Throws<PackageException>(() => Processor.Apply(TwoChannels(), [Step("zero_mean_unit_variance", ("axes", List("z")))]));

        Assert.Contains("per_dataset", perDataset.Message);
        Assert.Contains("'stardist_postprocessing' is not supported", unknown.Message);
        Assert.Contains("axis 'z' is not an axis", badAxis.Message);
    }
}
