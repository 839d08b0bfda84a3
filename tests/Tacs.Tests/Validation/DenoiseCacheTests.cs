using System.Text.RegularExpressions;
using Tacs.Tests.Support;
using Tacs.Validation.Study;

namespace Tacs.Tests.Validation;

/// <summary>The on-disk cache of denoised images that makes reruns and added methods incremental.</summary>
public sealed partial class DenoiseCacheTests
{
    [Fact]
    public void StoredImagesComeBackBitForBitUnderTheSameKeyOnly()
    {
        using var temp = new TempFolder();
        var cache = new DenoiseCache(temp.Path);
        var noisy = Enumerable.Range(0, 64).Select(i => (float)(i * 1.5)).ToArray();
        var denoised = noisy.Select(v => (v * 0.5f) + 0.1f).ToArray();
        var calls = 0;
        (float[], double) Denoise()
        {
            calls++;
            return (denoised, 12.5);
        }

        var first = cache.GetOrAdd("gaussian(sigma=1)\ndenoise.gaussian 1.0.0 build-a", noisy, 8, 8, Denoise);
        var reader = new DenoiseCache(temp.Path);
        var again = reader.GetOrAdd("gaussian(sigma=1)\ndenoise.gaussian 1.0.0 build-a", [.. noisy], 8, 8, Denoise);

        Assert.Equal(1, calls);
        Assert.Equal(denoised, again.Pixels);
        Assert.Equal(12.5, again.Milliseconds);
        Assert.Equal(first.Pixels, again.Pixels);

        // Another build of the plugin, other parameters, another image or another shape: each is denoised afresh.
        cache.GetOrAdd("gaussian(sigma=1)\ndenoise.gaussian 1.0.0 build-b", noisy, 8, 8, Denoise);
        cache.GetOrAdd("gaussian(sigma=2)\ndenoise.gaussian 1.0.0 build-a", noisy, 8, 8, Denoise);
        var other = (float[])noisy.Clone();
        other[5] += 1;
        cache.GetOrAdd("gaussian(sigma=1)\ndenoise.gaussian 1.0.0 build-a", other, 8, 8, Denoise);
        cache.GetOrAdd("gaussian(sigma=1)\ndenoise.gaussian 1.0.0 build-a", noisy, 4, 16, Denoise);
        Assert.Equal(5, calls);
        Assert.Equal(1, reader.Hits);
        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public void ABrokenEntryIsDenoisedAgain()
    {
        using var temp = new TempFolder();
        var cache = new DenoiseCache(temp.Path);
        var noisy = new float[16];
        cache.GetOrAdd("k", noisy, 4, 4, () => (new float[16], 1));
        var entry = Directory.GetFiles(temp.Path, "*.f32", SearchOption.AllDirectories).Single();
        File.WriteAllBytes(entry, [1, 2, 3]);

        var calls = 0;
        cache.GetOrAdd("k", noisy, 4, 4, () =>
        {
            calls++;
            return (new float[16], 1);
        });

        Assert.Equal(1, calls);
        Assert.Equal(16 + (4 * 16), new FileInfo(entry).Length);
    }

    [Fact]
    public void ARerunAndAnAddedMethodDenoiseOnlyWhatIsNew()
    {
        using var temp = new TempFolder();
        string[] study = [.. ShardingTests.TinyStudy, "--no-robustness", "--cache", temp.File("cache")];

        var first = CliRunner.Run([.. study, "-o", temp.File("first")]);
        var rerun = CliRunner.Run([.. study, "-o", temp.File("rerun")]);
        var added = CliRunner.Run([.. study, "--method", "gaussian(sigma=2)", "-o", temp.File("added")]);

        Assert.True(first.ExitCode == 0 && rerun.ExitCode == 0 && added.ExitCode == 0, first.Error + rerun.Error + added.Error);
        // 45 images at one level; the example picture of image 0 asks for its image once more.
        Assert.Equal((1, 45), Counts(first.Error));
        Assert.Equal((46, 0), Counts(rerun.Error));
        // The new method's 45 images, and its example picture of image 0.
        Assert.Equal((47, 45), Counts(added.Error));
        StudyReports.AssertSame(temp.File("first"), temp.File("rerun"));
    }

    [Fact]
    public void TrimKeepsTheEntriesUsedLastWithinTheLimit()
    {
        using var temp = new TempFolder();
        const int entryBytes = 16 + (4 * 16);
        var cache = new DenoiseCache(temp.Path, limit: 2 * entryBytes);
        var start = DateTime.UtcNow - TimeSpan.FromDays(3);
        var files = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var before = Directory.GetFiles(temp.Path, "*.f32", SearchOption.AllDirectories);
            cache.GetOrAdd("k", Image(i), 4, 4, () => (Image(i), 1));
            var added = Directory.GetFiles(temp.Path, "*.f32", SearchOption.AllDirectories).Except(before).Single();
            File.SetLastWriteTimeUtc(added, start + TimeSpan.FromHours(i));
            files.Add(added);
        }

        // Image 0 was written first but is used again now, so image 1 is the one used longest ago.
        var calls = 0;
        cache.GetOrAdd("k", Image(0), 4, 4, () => (Image(calls++), 1));
        var trim = cache.Trim();

        Assert.Equal(0, calls);
        Assert.Equal(new CacheTrim(2 * entryBytes, 1, entryBytes), trim);
        Assert.True(File.Exists(files[0]));
        Assert.False(File.Exists(files[1]));
        Assert.True(File.Exists(files[2]));
        cache.GetOrAdd("k", Image(1), 4, 4, () => (Image(calls++), 1));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void TrimRemovesAbandonedWritesAndALimitOfZeroEmptiesTheCache()
    {
        using var temp = new TempFolder();
        var cache = new DenoiseCache(temp.Path, limit: 0);
        cache.GetOrAdd("k", Image(0), 4, 4, () => (Image(0), 1));
        var entry = Directory.GetFiles(temp.Path, "*.f32", SearchOption.AllDirectories).Single();
        var abandoned = entry + ".123.4.partial";
        var writing = entry + ".567.8.partial";
        File.WriteAllBytes(abandoned, new byte[10]);
        File.WriteAllBytes(writing, new byte[10]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromHours(2));

        var trim = cache.Trim();

        Assert.Equal(new CacheTrim(0, 2, 10 + 16 + (4 * 16)), trim);
        Assert.False(File.Exists(entry));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(writing), "a write still under way is left alone");
        Assert.Equal(new CacheTrim(0, 0, 0), new DenoiseCache(temp.File("never-written")).Trim());
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("123", 123L)]
    [InlineData("5G", 5L << 30)]
    [InlineData("500m", 500L << 20)]
    [InlineData("1.5 GiB", 3L << 29)]
    [InlineData("2TB", 2L << 40)]
    [InlineData("64K", 64L << 10)]
    public void SizesParseInBinaryUnits(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text, "--cache-limit"));

    [Theory]
    [InlineData("")]
    [InlineData("-1G")]
    [InlineData("lots")]
    [InlineData("5X")]
    [InlineData("1e30G")]
    [InlineData("NaN")]
    public void ASizeThatIsNotOneIsRefusedByName(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ByteSize.Parse(text, "--cache-limit"));
        Assert.Contains($"--cache-limit '{text}' is not a size", error.Message);
    }

    [Fact]
    public void TheStudyTrimsItsCacheToTheLimitAndSaysSo()
    {
        using var temp = new TempFolder();
        string[] study = [.. ShardingTests.TinyStudy, "--no-robustness", "--cache", temp.File("cache"), "-o", temp.File("report")];

        var bad = CliRunner.Run([.. study, "--cache-limit", "lots"]);
        var run = CliRunner.Run([.. study, "--cache-limit", "0"]);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--cache-limit 'lots' is not a size", bad.Error);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal((1, 45), Counts(run.Error));
        Assert.Contains("0 B kept (limit 0 B, --cache-limit), 45 entries used longest ago removed", run.Error);
        Assert.Empty(Directory.GetFiles(temp.File("cache"), "*", SearchOption.AllDirectories));
    }

    private static float[] Image(int seed) => [.. Enumerable.Range(0, 16).Select(i => (float)((i * 7) + seed))];

    private static (int Reused, int Denoised) Counts(string log)
    {
        var match = CacheLine().Match(log);
        Assert.True(match.Success, $"No cache line in the log:\n{log}");
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Denoise cache .*: (\d+) images reused, (\d+) denoised and stored")]
    private static partial Regex CacheLine();
}
