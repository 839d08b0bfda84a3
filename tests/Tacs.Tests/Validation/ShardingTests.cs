using Tacs.Host.Batch;
using Tacs.Tests.Support;

namespace Tacs.Tests.Validation;

/// <summary><c>tacs validate --shard K/N</c> and <c>--merge</c> in one machine, without a scheduler.</summary>
public sealed class ShardingTests
{
    // A tiny study: 45 images of 128 px at one level, one method, phase 3 on, one real noisy image (unit 45).
    internal static readonly string[] TinyStudy =
    [
        "validate", "--size", "128", "--per-class", "15", "--folds", "3", "--repeats", "2", "--noise", "30", "--method", "gaussian(sigma=1)",
    ];

    [Fact]
    public void ThreeShardsMergedGiveTheReportOfOneRun()
    {
        using var temp = new TempFolder();
        string[] study = [.. TinyStudy, "--real-noisy", Repo.SharedData("hagen/hagen_0.tif")];
        var single = CliRunner.Run([.. study, "-o", temp.File("single")]);
        Assert.True(single.ExitCode == 0, single.Error);

        for (var k = 0; k < 3; k++)
        {
            var shard = CliRunner.Run([.. study, "-o", temp.File("split"), "--shard", $"{k}/3"]);
            Assert.True(shard.ExitCode == 0, shard.Error);
            Assert.Contains($"Shard {k}/3 done", shard.Out);
            Assert.False(File.Exists(temp.File("split/report.json")), "A shard must not write the report.");
        }

        var merge = CliRunner.Run("validate", "--merge", "-o", temp.File("split"));
        Assert.True(merge.ExitCode == 0, merge.Error);

        StudyReports.AssertSame(temp.File("single"), temp.File("split"));
        var numbers = StudyReports.Numbers(temp.File("split"));
        Assert.Equal(2, numbers["synthetic"]![0]!["methods"]!.AsArray().Count);
        Assert.Equal(10, numbers["robustness"]!.AsArray().Count);
        Assert.Equal("hagen_0.tif", (string)numbers["realDenoising"]![0]!["Image"]!);
        Assert.DoesNotContain("--shard", (string)numbers["options"]!["CommandLine"]!);
    }

    [Fact]
    public void MergeRefusesMissingAndMismatchedShards()
    {
        using var temp = new TempFolder();
        var none = CliRunner.Run("validate", "--merge", "-o", temp.File("out"));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("No shard files", none.Error);

        Assert.Equal(0, CliRunner.Run([.. TinyStudy, "--no-robustness", "-o", temp.File("out"), "--shard", "0/2"]).ExitCode);
        var missing = CliRunner.Run("validate", "--merge", "-o", temp.File("out"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Shards 1/2 are missing", missing.Error);

        // Shard 1 run with another seed: its numbers cannot be pooled with shard 0's.
        Assert.Equal(0, CliRunner.Run([.. TinyStudy, "--no-robustness", "--seed", "2", "-o", temp.File("out"), "--shard", "1/2"]).ExitCode);
        var mismatched = CliRunner.Run("validate", "--merge", "-o", temp.File("out"));
        Assert.Equal(1, mismatched.ExitCode);
        Assert.Contains("ran with other settings", mismatched.Error);
        Assert.False(File.Exists(temp.File("out/report.json")));
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("1")]
    [InlineData("-1/3")]
    [InlineData("a/b")]
    public void BadShardsAreRefused(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Shard.Parse(text));
        Assert.Contains("is not K/N", error.Message);
    }

    [Fact]
    public void ShardsInterleaveTheUnitsAndCoverEachOnce()
    {
        var shards = Enumerable.Range(0, 4).Select(k => Shard.Parse($"{k}/4").Units(10).ToArray()).ToArray();

        Assert.Equal([1, 5, 9], shards[1]);
        Assert.Equal(Enumerable.Range(0, 10), shards.SelectMany(s => s).Order());
    }
}
