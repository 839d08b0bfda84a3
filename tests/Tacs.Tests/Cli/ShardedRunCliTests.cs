using Tacs.Host.Imaging;
using Tacs.Tests.Support;

namespace Tacs.Tests.Cli;

/// <summary>
/// <c>run</c> and <c>denoise</c> over a folder split with <c>--shard K/N</c> and joined with <c>--merge</c> give what one
/// run gives: the same output files and the same results file, row for row.
/// </summary>
public sealed class ShardedRunCliTests : IDisposable
{
    private const string Chain = "offset(amount=5) | mean(threshold=1)";
    private readonly TempFolder _temp = new();
    private readonly PluginFolders _plugins = new();

    public ShardedRunCliTests()
    {
        _plugins.AddTestPlugin("Kit");
        // Five inputs of different page counts and content, so that rows cannot match by chance.
        Directory.CreateDirectory(_temp.File("in"));
        foreach (var (seed, frames) in new[] { (1, 3), (2, 2), (3, 1) })
        {
            var folder = _temp.File($"ex{seed}");
            Assert.Equal(0, CliRunner.Run("example", "-o", folder, "--size", "16", "--frames", frames.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
            File.Copy(Path.Combine(folder, "noisy.tif"), _temp.File($"in/n{seed}.tif"));
            if (seed < 3)
            {
                File.Copy(Path.Combine(folder, "clean.tif"), _temp.File($"in/c{seed}.tif"));
            }
        }
    }

    [Fact]
    public void ThreeShardsAndAMergeGiveWhatOneRunGives()
    {
        var (code, _, error) = CliRunner.Run("run", _temp.File("in"), "-o", _temp.File("one"), "--chain", Chain, "--results", _temp.File("one.csv"), "--plugins", _plugins.Root);
        Assert.True(code == 0, error);

        for (var k = 0; k < 3; k++)
        {
            (code, _, error) = CliRunner.Run("run", _temp.File("in"), "-o", _temp.File("split"), "--chain", Chain, "--results", _temp.File("split.csv"), "--shard", $"{k}/3", "--plugins", _plugins.Root);
            Assert.True(code == 0, error);
            Assert.Contains($"Shard {k}/3: {(k < 2 ? 2 : 1)} file(s)", error);
        }

        // Each task wrote only its own files (name order: c1 c2 n1 n2 n3 → shard 0: c1, n2; 1: c2, n3; 2: n1).
        Assert.True(File.Exists(_temp.File("split.shard-2-of-3.json")));
        Assert.False(File.Exists(_temp.File("split.csv")));
        (code, _, error) = CliRunner.Run("run", _temp.File("in"), "-o", _temp.File("split"), "--chain", Chain, "--results", _temp.File("split.csv"), "--merge", "--plugins", _plugins.Root);
        Assert.True(code == 0, error);

        Assert.Equal(File.ReadAllText(_temp.File("one.csv")), File.ReadAllText(_temp.File("split.csv")));
        Assert.Equal(12, File.ReadAllLines(_temp.File("one.csv")).Length); // header + c1 3, c2 2, n1 3, n2 2, n3 1 pages
        foreach (var name in new[] { "c1", "c2", "n1", "n2", "n3" })
        {
            using var one = ImageFiles.Open(_temp.File($"one/{name}.tif"));
            using var split = ImageFiles.Open(_temp.File($"split/{name}.tif"));
            Assert.Equal(one.PageCount, split.PageCount);
            for (var p = 0; p < one.PageCount; p++)
            {
                Assert.Equal(one.ReadPage(p).Pixels.ToArray(), split.ReadPage(p).Pixels.ToArray());
            }
        }
    }

    [Fact]
    public void AMergeNamesTheShardWhoseFilesAreMissing()
    {
        for (var k = 0; k < 2; k++)
        {
            var (code, _, error) = CliRunner.Run("denoise", _temp.File("in"), "-o", _temp.File("out"), "-m", "mean", "--results", _temp.File("r.json"), "--shard", $"{k}/2", "--plugins", _plugins.Root);
            Assert.True(code == 0, error);
        }

        // Shard 1's output of c2 is lost (a node died after its results were written, say).
        File.Delete(_temp.File("out/c2.tif"));
        var (merged, output, log) = CliRunner.Run("denoise", _temp.File("in"), "-o", _temp.File("out"), "-m", "mean", "--results", _temp.File("r.json"), "--merge", "--plugins", _plugins.Root);
        Assert.Equal(2, merged);
        Assert.Contains("No output for c2.tif (shard 1/2: rerun it with --shard 1/2)", output + log);

        // A shard's results missing altogether: the merge says which to rerun, and writes nothing.
        File.Delete(_temp.File("r.shard-0-of-2.json"));
        File.Delete(_temp.File("r.json"));
        (merged, output, log) = CliRunner.Run("denoise", _temp.File("in"), "-o", _temp.File("out"), "-m", "mean", "--results", _temp.File("r.json"), "--merge", "--plugins", _plugins.Root);
        Assert.Equal(1, merged);
        Assert.Contains("Shard results missing for 0/2", output + log);
        Assert.False(File.Exists(_temp.File("r.json")));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"a\": 1}")]
    [InlineData("[{\"source\": \"c1.tif\", \"frame\": 0, \"plugin\": \"test.mean\", \"features\": {\"mean\": null}}]")]
    [InlineData("[{\"source\": \"c1.tif\", \"frame\": \"zero\", \"plugin\": \"test.mean\"}]")]
    [InlineData("[null]")]
    public void ADamagedShardFileIsNamedAndNothingIsWritten(string text)
    {
        for (var k = 0; k < 2; k++)
        {
            var (code, _, error) = CliRunner.Run("denoise", _temp.File("in"), "-o", _temp.File("out"), "-m", "mean", "--results", _temp.File("r.csv"), "--shard", $"{k}/2", "--plugins", _plugins.Root);
            Assert.True(code == 0, error);
        }

        File.WriteAllText(_temp.File("r.shard-1-of-2.json"), text);
        var (merged, output, log) = CliRunner.Run("denoise", _temp.File("in"), "-o", _temp.File("out"), "-m", "mean", "--results", _temp.File("r.csv"), "--merge", "--plugins", _plugins.Root);
        Assert.Equal(1, merged);
        Assert.Contains("r.shard-1-of-2.json is not a results file written by tacs", output + log);
        Assert.DoesNotContain("Unhandled", output + log);
        Assert.False(File.Exists(_temp.File("r.csv")));
    }

    [Theory]
    [InlineData("3/3", "is not K/N with 0 ≤ K < N")]
    [InlineData("x", "is not K/N")]
    public void ABadShardIsRefusedBeforeAnyWork(string shard, string expected)
    {
        var (code, output, error) = CliRunner.Run("denoise", _temp.File("in"), "-o", _temp.File("out"), "-m", "mean", "--shard", shard, "--plugins", _plugins.Root);
        Assert.Equal(1, code);
        Assert.Contains(expected, output + error);
        Assert.False(Directory.Exists(_temp.File("out")) && Directory.EnumerateFiles(_temp.File("out")).Any());
    }

    [Fact]
    public void OneFileCannotBeSplit()
    {
        var (code, output, error) = CliRunner.Run("denoise", _temp.File("in/n1.tif"), "-o", _temp.File("o.tif"), "-m", "mean", "--shard", "0/2", "--plugins", _plugins.Root);
        Assert.Equal(1, code);
        Assert.Contains("splits a folder's files between tasks", output + error);
    }

    public void Dispose()
    {
        _plugins.Dispose();
        _temp.Dispose();
    }
}
