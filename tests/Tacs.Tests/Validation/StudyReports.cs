using System.Text.Json.Nodes;

namespace Tacs.Tests.Validation;

/// <summary>Reads report.json without what may differ between runs of the same study: timings and the machine.</summary>
internal static class StudyReports
{
    private static readonly string[] Varying = ["MillisecondsPerImage", "seconds", "machine"];

    public static JsonNode Numbers(string folder)
    {
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report.json")))!;
        Strip(report);
        return report;
    }

    public static void AssertSame(string expectedFolder, string actualFolder)
    {
        var expected = Numbers(expectedFolder).ToJsonString();
        // The report records the command line, whose -o names each run's own folder.
        var actual = Numbers(actualFolder).ToJsonString().Replace(actualFolder, expectedFolder, StringComparison.Ordinal);
        if (expected != actual)
        {
            var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
            Assert.Fail($"The reports differ at character {at}:\n  expected …{Around(expected, at)}…\n  actual   …{Around(actual, at)}…");
        }
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 120), Math.Min(240, text.Length - Math.Max(0, at - 120)));

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in Varying)
            {
                obj.Remove(key);
            }

            foreach (var (_, child) in obj)
            {
                Strip(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                Strip(child);
            }
        }
    }
}
