using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tacs.Tests.Support;
using Tacs.Validation.Statistics;
using Tacs.Validation.Study;

namespace Tacs.Tests.Validation;

/// <summary>Sizing the study: how many images per class the intervals need, and how many would decide each question.</summary>
public sealed partial class PowerTests
{
    [Fact]
    public void HalfWidthsShrinkAsOneOverRootN()
    {
        // ±5 points at 30 per class: ±2.5 needs four times the images.
        Assert.Equal(120, Power.PerClassFor(5, 30, 2.5));
        Assert.Equal(30, Power.PerClassFor(2.5, 30, 2.5));
        Assert.Equal(68, Power.PerClassFor(3.75, 30, 2.5)); // 30 · 1.5² = 67.5
    }

    [Fact]
    public void ImagesToDecideAreNamedOnlyForUndecidedQuestions()
    {
        static PairedComparison Delta(double mean, double half) => new(new Interval(mean, mean - half, mean + half), 0, 24, 0.5);

        Assert.Null(Power.PerClassToDecide(Delta(9, 3), 30, 5));      // [6, 12]: yes
        Assert.Null(Power.PerClassToDecide(Delta(0.5, 4), 30, 5));    // [-3.5, 4.5]: no
        // [-1, 19] around +9: clears 5 when the half-width is 4, i.e. (10/4)² = 6.25 times the images.
        Assert.Equal(188, Power.PerClassToDecide(Delta(9, 10), 30, 5));
        Assert.Equal(int.MaxValue, Power.PerClassToDecide(Delta(5, 3), 30, 5));
    }

    [Fact]
    public void AnEarlierReportsFoldAccuraciesSizeTheStudy()
    {
        using var temp = new TempFolder();
        double[] raw = [0.80, 0.85, 0.90, 0.75, 0.80, 0.85, 0.80, 0.90, 0.85, 0.80];
        double[] wide = [0.95, 0.85, 1.00, 0.80, 0.95, 0.90, 0.85, 1.00, 0.85, 0.95];
        double[] narrow = [0.85, 0.90, 0.95, 0.80, 0.85, 0.90, 0.85, 0.95, 0.90, 0.85];
        var report = new JsonObject
        {
            ["options"] = new JsonObject { ["PerClass"] = 20, ["Folds"] = 5 },
            ["synthetic"] = new JsonArray(new JsonObject
            {
                ["Level"] = "p1",
                ["methods"] = new JsonArray(Method("raw", raw), Method("wide", wide), Method("narrow", narrow)),
            }),
        };
        File.WriteAllText(temp.File("report.json"), report.ToJsonString());

        var plan = PowerPlan.FromReport(temp.File("report.json"), 2.5, 1000);

        // The widest paired interval: corrected variance (1/10 + 1/4)·s² of the differences, t(9) quantile 2.262.
        var differences = wide.Zip(raw, (w, r) => 100 * (w - r)).ToArray();
        var mean = differences.Average();
        var half = 2.2622 * Math.Sqrt(((1.0 / 10) + 0.25) * differences.Sum(d => (d - mean) * (d - mean)) / 9);
        Assert.Equal("p1, wide", plan.Widest);
        Assert.Equal(half, plan.PilotHalfWidth, 2);
        Assert.Equal(20, plan.PilotPerClass);
        Assert.Equal((int)Math.Ceiling(20 * Math.Pow(plan.PilotHalfWidth / 2.5, 2)), plan.NeededPerClass);
        Assert.Equal(plan.NeededPerClass, plan.PerClass);

        var capped = PowerPlan.FromReport(temp.File("report.json"), 2.5, 25);
        Assert.True(capped.Capped);
        Assert.Equal(25, capped.PerClass);

        // The command line prints the same plan and stops, even with --quick.
        var (code, output, error) = CliRunner.Run("validate", "--quick", "--plan-only", "--pilot", temp.File("report.json"), "-m", "gaussian(sigma=1)", "-o", temp.File("out"));
        Assert.True(code == 0, error);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"±2.5 needs {plan.NeededPerClass} images per class"), output);
        Assert.False(Directory.Exists(temp.File("out/shards")));

        static JsonObject Method(string name, double[] folds) => new() { ["Method"] = name, ["FoldAccuracies"] = new JsonArray([.. folds.Select(f => (JsonNode)f)]) };
    }

    [Fact]
    public void APilotSizesTheRunAndItsImagesAreReusedUnchanged()
    {
        using var temp = new TempFolder();
        string[] study = ["validate", "--size", "128", "--folds", "3", "--repeats", "2", "--noise", "30", "--method", "gaussian(sigma=1)", "--no-robustness"];

        var sized = CliRunner.Run([.. study, "--pilot-per-class", "15", "--half-width", "12", "-o", temp.File("sized")]);
        Assert.True(sized.ExitCode == 0, sized.Error);
        var perClass = int.Parse(PerClass().Match(sized.Out).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(perClass, 16, 1000);
        var report = JsonNode.Parse(File.ReadAllText(temp.File("sized/report.json")))!;
        Assert.Equal(perClass, (int)report["options"]!["PerClass"]!);
        Assert.Equal(15, (int)report["options"]!["power"]!["PilotPerClass"]!);
        Assert.Contains("## Power", File.ReadAllText(temp.File("sized/report.md")));

        // The same study with that number given: the pilot's images, measured once, gave the same numbers.
        var plain = CliRunner.Run([.. study, "--per-class", perClass.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", temp.File("plain")]);
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.Equal(Synthetic(temp.File("plain")), Synthetic(temp.File("sized")));

        static string Synthetic(string folder) => StudyReports.Numbers(folder)["synthetic"]!.ToJsonString();
    }

    [Fact]
    public void ShardsOfAnUnsizedStudyAreRefused()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("validate", "--method", "gaussian(sigma=1)", "--shard", "0/2", "-o", temp.Path);

        Assert.Equal(1, code);
        Assert.Contains("Shards must agree on the number of images", error);
    }

    [GeneratedRegex(@"per-class: (\d+)")]
    private static partial Regex PerClass();
}
