using Tacs.Sdk.Parameters;

namespace Tacs.Tests.Sdk;

public sealed class ParameterTests
{
    private static readonly ParameterSpec[] Specs =
    [
        new("sigma", ParameterKind.Number, "auto", "Noise level.") { Minimum = 0, Maximum = 255, AllowsAuto = true },
        new("blocks", ParameterKind.Integer, "16", "Blocks per group.") { Minimum = 1, Maximum = 64 },
        new("fast", ParameterKind.Boolean, "false", "Fast profile."),
        new("profile", ParameterKind.Choice, "reference", "Profile.") { Choices = ["reference", "fast"] },
    ];

    [Fact]
    public void DefaultsFillEveryParameterAndAutoIsRecognised()
    {
        var values = ParameterValues.Create(Specs, new Dictionary<string, string>());

        Assert.True(values.IsAuto("sigma"));
        Assert.Equal(16, values.GetInteger("blocks"));
        Assert.False(values.GetBoolean("fast"));
        Assert.Equal("reference", values.GetText("profile"));
        Assert.Equal("auto", values.AsText["sigma"]);
    }

    [Fact]
    public void GivenValuesAreParsedInvariantlyAndCaseInsensitively()
    {
        var values = ParameterValues.Create(Specs, new Dictionary<string, string> { ["SIGMA"] = "12.5", ["fast"] = "yes", ["profile"] = "FAST" });

        Assert.Equal(12.5, values.GetNumber("sigma"));
        Assert.True(values.GetBoolean("fast"));
        Assert.Equal("fast", values.GetText("profile"));
    }

    [Theory]
    [InlineData("sigma", "-1", "below the minimum 0")]
    [InlineData("sigma", "300", "above the maximum 255")]
    [InlineData("sigma", "abc", "is not a number (or 'auto')")]
    [InlineData("sigma", "NaN", "is not a number")]
    [InlineData("blocks", "1.5", "is not a whole number")]
    [InlineData("blocks", "0", "below the minimum 1")]
    [InlineData("fast", "maybe", "is not true or false")]
    [InlineData("profile", "slow", "is not one of: reference, fast")]
    public void BadValuesNameTheParameterAndTheProblem(string name, string value, string expected)
    {
        var error = Assert.Throws<ParameterException>(() => ParameterValues.Create(Specs, new Dictionary<string, string> { [name] = value }));

        Assert.Equal(name, error.ParameterName);
        Assert.Contains($"Parameter '{name}'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UnknownAndMissingRequiredParametersAreRejected()
    {
        var unknown = Assert.Throws<ParameterException>(() => ParameterValues.Create(Specs, new Dictionary<string, string> { ["sigmma"] = "1" }));
        Assert.Contains("Unknown parameter 'sigmma'", unknown.Message);
        Assert.Contains("known: sigma, blocks, fast, profile", unknown.Message);

        var required = new[] { new ParameterSpec("model", ParameterKind.FilePath, null, "Model file.") };
        var missing = Assert.Throws<ParameterException>(() => ParameterValues.Create(required, new Dictionary<string, string>()));
        Assert.Contains("'model' is required", missing.Message);
    }

    [Fact]
    public void AFilePathMustExist()
    {
        var spec = new ParameterSpec("model", ParameterKind.FilePath, null, "Model file.");
        var error = Assert.Throws<ParameterException>(() => spec.Parse("/no/such/file.zip"));
        Assert.Contains("names no existing file", error.Message);
        Assert.Equal(Path.GetFullPath(typeof(ParameterTests).Assembly.Location), spec.Parse(typeof(ParameterTests).Assembly.Location));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a=b")]
    public void ParameterNamesAreChecked(string name) =>
        Assert.Throws<ArgumentException>(() => new ParameterSpec(name, ParameterKind.Number, "1", "x"));

    [Theory]
    [InlineData("Denoise.Gaussian")]
    [InlineData(".gaussian")]
    [InlineData("gauss ian")]
    public void PluginIdsAreLowerCaseDottedWords(string id) =>
        Assert.Throws<ArgumentException>(() => new Tacs.Sdk.Plugins.PluginManifest(id, "x", "1.0.0"));
}
