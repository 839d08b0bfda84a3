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

    private static (int Reused, int Denoised) Counts(string log)
    {
        var match = CacheLine().Match(log);
        Assert.True(match.Success, $"No cache line in the log:\n{log}");
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Denoise cache .*: (\d+) images reused, (\d+) denoised and stored")]
    private static partial Regex CacheLine();
}
