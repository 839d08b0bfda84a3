using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary><c>tacs synth --classes</c>: a subset of a set's classes is the same images as in the full set.</summary>
public sealed class SynthCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ChosenClassesAreTheSameImagesAsInTheFullSet()
    {
        var (fullCode, _, fullError) = CliRunner.Run("synth", "-o", _temp.File("full"), "--size", "128", "-n", "2", "--noise", "3", "--seed", "5", "--band", "25");
        Assert.True(fullCode == 0, fullError);
        var (code, output, error) = CliRunner.Run("synth", "-o", _temp.File("only3"), "--size", "128", "-n", "2", "--noise", "3", "--seed", "5", "--band", "25", "--classes", "TACS-3");
        Assert.True(code == 0, error);
        Assert.Contains("2 images (2 per class, TACS-3)", output, StringComparison.Ordinal);

        var full = File.ReadAllLines(_temp.File("full/labels.csv"));
        var only = File.ReadAllLines(_temp.File("only3/labels.csv"));
        Assert.Equal(full[0], only[0]);
        Assert.Equal(full.Skip(1).Where(line => line.Split(',')[1] == "TACS-3"), only.Skip(1));
        foreach (var id in only.Skip(1).Select(line => line.Split(',')[0]))
        {
            Assert.Equal(File.ReadAllBytes(_temp.File($"full/p3/{id}.tif")), File.ReadAllBytes(_temp.File($"only3/p3/{id}.tif")));
        }

        Assert.False(File.Exists(_temp.File("only3/clean/s0000.tif")), "a TACS-1 image was written although only TACS-3 was asked for");
    }

    [Theory]
    [InlineData("4")]
    [InlineData("TACS-1,stroma")]
    [InlineData(",")]
    public void UnknownClassesAreRefusedWithTheChoices(string classes)
    {
        var (code, _, error) = CliRunner.Run("synth", "-o", _temp.File("bad"), "--size", "128", "-n", "1", "--classes", classes);
        Assert.NotEqual(0, code);
        Assert.Contains("--classes", error, StringComparison.Ordinal);
        Assert.Contains("1, 2, 3", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("bad/labels.csv")));
    }
}
