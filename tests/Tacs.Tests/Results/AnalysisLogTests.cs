using System.Text.Json;
using Tacs.Host.Results;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Results;

public sealed class AnalysisLogTests
{
    [Fact]
    public void RowsOfDifferentAnalysersShareOneCsvHeaderWithEmptyCellsWhereAValueIsMissing()
    {
        using var temp = new TempFolder();
        var log = Log();

        log.Write(temp.File("r.csv"));

        Assert.Equal(
            [
                "source,frame,plugin,label,p_TACS-1,p_TACS-2,f_coherency,f_mean,notes",
                "a.tif,0,tacs.classifier,TACS-2,0.25,0.75,0.5,,",
                "a.tif,0,lab.stats,,,,,12.5,\"dim, \"\"very\"\"\"",
                "a.tif,1,lab.stats,,,,,NaN,",
            ],
            File.ReadAllLines(temp.File("r.csv")));
    }

    [Fact]
    public void JsonKeepsEveryFieldAndNaN()
    {
        using var temp = new TempFolder();

        Log().Write(temp.File("r.json"));

        using var json = JsonDocument.Parse(File.ReadAllText(temp.File("r.json")), new JsonDocumentOptions());
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("TACS-2", rows[0].GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("label").ValueKind);
        Assert.Equal("NaN", rows[2].GetProperty("features").GetProperty("mean").GetString());
        Assert.Equal("dim, \"very\"", rows[1].GetProperty("notes")[0].GetString());
    }

    [Fact]
    public void TheSummaryCountsLabelsAndRangesFeaturesPerAnalyser()
    {
        var summary = Log().Summary();

        Assert.Equal(
            [
                "tacs.classifier: 1 frame(s)",
                "  labels: TACS-2 1",
                "  p(TACS-1): mean 0.250",
                "  p(TACS-2): mean 0.750",
                "  coherency: mean 0.5, min 0.5, max 0.5",
                "lab.stats: 2 frame(s)",
                "  mean: mean 12.5, min 12.5, max 12.5 (1 not finite, left out)",
            ],
            summary);
        Assert.Throws<ArgumentException>(() => AnalysisLog.CheckPath("r.txt"));
    }

    private static AnalysisLog Log()
    {
        var log = new AnalysisLog();
        var first = Frames.Constant(2, 2, 1);
        first.AddAnalysis(new AnalysisResult("tacs.classifier", "TACS-2", new Dictionary<string, double> { ["TACS-1"] = 0.25, ["TACS-2"] = 0.75 }, new Dictionary<string, double> { ["coherency"] = 0.5 }));
        first.AddAnalysis(new AnalysisResult("lab.stats", null, new Dictionary<string, double>(), new Dictionary<string, double> { ["mean"] = 12.5 }) { Notes = ["dim, \"very\""] });
        var second = Frames.Constant(2, 2, 1);
        second.AddAnalysis(new AnalysisResult("lab.stats", null, new Dictionary<string, double>(), new Dictionary<string, double> { ["mean"] = double.NaN }));
        log.Add("a.tif", 0, first);
        log.Add("a.tif", 1, second);
        return log;
    }
}
