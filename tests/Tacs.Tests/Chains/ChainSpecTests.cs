using Tacs.Host.Chains;

namespace Tacs.Tests.Chains;

public sealed class ChainSpecTests
{
    [Fact]
    public void ParsesStepsAndParameters()
    {
        var spec = ChainSpec.Parse(" gaussian(sigma=1.5) | bm3d(sigma=auto, profile=fast) |classifier ");

        Assert.Equal(["gaussian", "bm3d", "classifier"], spec.Steps.Select(s => s.Plugin));
        Assert.Equal("1.5", spec.Steps[0].Parameters["sigma"]);
        Assert.Equal("fast", spec.Steps[1].Parameters["PROFILE"]);
        Assert.Empty(spec.Steps[2].Parameters);
        Assert.Equal([1, 2, 3], spec.Steps.Select(s => s.Position));
    }

    [Fact]
    public void QuotedValuesMayHoldCommasParenthesesAndBars()
    {
        var spec = ChainSpec.Parse("classifier(boundary=\"/data/a,b (1)|x.csv\", band=100)");

        Assert.Equal("/data/a,b (1)|x.csv", spec.Steps.Single().Parameters["boundary"]);
        Assert.Equal(spec, ChainSpec.Parse(spec.ToString()), new SpecComparer());
    }

    [Theory]
    [InlineData("", "The chain is empty")]
    [InlineData("gaussian(sigma=1.5", "missing ')'")]
    [InlineData("gaussian(sigma)", "Step 1 'gaussian': 'sigma' is not name=value")]
    [InlineData("gaussian | | bm3d", "Step 2 is empty")]
    [InlineData("gaussian(sigma=1, sigma=2)", "parameter 'sigma' is given twice")]
    [InlineData("gaussian | bm 3d", "Step 2 'bm 3d': 'bm 3d' is not a plugin name")]
    [InlineData("gaussian(sigma=\"1)", "is not closed")]
    [InlineData("gaussian)sigma=1(", "unbalanced ')'")]
    public void MalformedChainsNameTheStepAndProblem(string text, string expected)
    {
        var error = Assert.Throws<ChainException>(() => ChainSpec.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ParsesJsonChains()
    {
        var spec = ChainSpec.ParseJson("""
            // comments are allowed
            { "steps": [ { "plugin": "gaussian", "parameters": { "sigma": 1.5 } }, { "plugin": "bm3d", "parameters": { "sigma": "auto", "fast": true } } ] }
            """);

        Assert.Equal("gaussian(sigma=1.5) | bm3d(sigma=auto, fast=true)", spec.ToString());
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"steps\": []}", "no steps")]
    [InlineData("{\"steps\": [{\"parameters\": {}}]}", "Step 1: needs a \"plugin\" name")]
    [InlineData("[{\"plugin\": \"g\", \"parameters\": {\"s\": [1]}}]", "Step 1 'g', parameter 's'")]
    [InlineData("42", "holds {\"steps\"")]
    public void MalformedJsonChainsAreExplained(string json, string expected)
    {
        var error = Assert.Throws<ChainException>(() => ChainSpec.ParseJson(json));
        Assert.Contains(expected, error.Message);
    }

    private sealed class SpecComparer : IEqualityComparer<ChainSpec>
    {
        public bool Equals(ChainSpec? x, ChainSpec? y) => x!.ToString() == y!.ToString();

        public int GetHashCode(ChainSpec obj) => obj.ToString().GetHashCode(StringComparison.Ordinal);
    }
}
