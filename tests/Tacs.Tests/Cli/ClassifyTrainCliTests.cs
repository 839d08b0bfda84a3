using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary><c>tacs classify train</c>: labelled sets pooled by repeating <c>--data</c>, and clear refusals.</summary>
public sealed class ClassifyTrainCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RepeatedDataPoolsTheSetsAndTheModelNamesThemAll()
    {
        foreach (var (name, seed, layout) in new[] { ("a", "3", "any"), ("b", "4", "focal") })
        {
            var synth = CliRunner.Run("synth", "-o", _temp.File(name), "--size", "256", "-n", "2", "--noise", "none", "--seed", seed, "--tacs3", layout);
            Assert.True(synth.ExitCode == 0, synth.Error);
        }

        var (code, output, error) = CliRunner.Run("classify", "train", "--data", _temp.File("a/labels.csv"), "--data", _temp.File("b/labels.csv"), "--trees", "5", "--leaves", "16", "--min-leaf", "2", "-o", _temp.File("m.zip"));

        Assert.True(code == 0, error);
        Assert.Contains("Trained on 12 images (TACS-1: 4, TACS-2: 4, TACS-3: 4)", output, StringComparison.Ordinal);
        var predicted = CliRunner.Run("classify", "predict", _temp.File("b/labels.csv"), "-m", _temp.File("m.zip"));
        Assert.True(predicted.ExitCode == 0, predicted.Error);
        Assert.Contains("Summary of 6 page(s)", predicted.Out, StringComparison.Ordinal);
        var metadata = System.IO.Compression.ZipFile.OpenRead(_temp.File("m.zip"));
        using (metadata)
        {
            using var reader = new StreamReader(metadata.GetEntry("tacs-model.json")!.Open());
            var json = reader.ReadToEnd();
            Assert.Contains("12 images from", json, StringComparison.Ordinal);
            Assert.Contains(Path.Combine("a", "labels.csv"), json, StringComparison.Ordinal);
            Assert.Contains(Path.Combine("b", "labels.csv"), json, StringComparison.Ordinal);
            Assert.Contains("\"Leaves\": 16", json, StringComparison.Ordinal);
            Assert.Contains("\"MinimumExamplesPerLeaf\": 2", json, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--leaves", "1", "Leaves 1 is outside 2–4096")]
    [InlineData("--min-leaf", "0", "Fewest examples per leaf 0")]
    [InlineData("--trees", "0", "Trees 0 is outside 1–5000")]
    public void ForestSettingsOutOfRangeAreRefusedBeforeAnyImageIsMeasured(string option, string value, string message)
    {
        // The data does not exist: a refusal that names the setting proves it came before any measuring.
        var (code, _, error) = CliRunner.Run("classify", "train", "--data", _temp.File("absent.csv"), option, value, "-o", _temp.File("m.zip"));

        Assert.NotEqual(0, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("m.zip")));
    }

    [Fact]
    public void AMissingSetIsNamedAndNoModelIsWritten()
    {
        var (code, _, error) = CliRunner.Run("classify", "train", "--data", _temp.File("absent.csv"), "-o", _temp.File("m.zip"));

        Assert.NotEqual(0, code);
        Assert.Contains("absent.csv", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("m.zip")));
    }
}
