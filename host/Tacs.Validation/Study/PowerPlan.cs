using System.Text.Json.Nodes;
using Tacs.Validation.Statistics;

namespace Tacs.Validation.Study;

/// <summary>
/// How many images per class the study runs, and why: the widest accuracy-difference interval of a pilot (a small
/// run, or an earlier report's fold accuracies) scaled to the wanted half-width (see <see cref="Power"/>).
/// </summary>
/// <param name="Source">Where the pilot's numbers come from.</param>
/// <param name="PilotPerClass">Images per class of the pilot.</param>
/// <param name="PilotHalfWidth">Widest half-width of a method-minus-raw accuracy interval in the pilot, points.</param>
/// <param name="Widest">Level and method of that interval.</param>
/// <param name="WantedHalfWidth">Half-width the study is sized for, points.</param>
/// <param name="NeededPerClass">Images per class that give it.</param>
/// <param name="PerClass">Images per class run: the need, at least the pilot's, at most the cap.</param>
/// <param name="Capped">True when the cap (--max-per-class) cut the need.</param>
public sealed record PowerPlan(string Source, int PilotPerClass, double PilotHalfWidth, string Widest, double WantedHalfWidth, int NeededPerClass, int PerClass, bool Capped)
{
    /// <summary>Sizes the study from a finished (pilot) study's results.</summary>
    public static PowerPlan From(IReadOnlyList<LevelResult> pilot, int pilotPerClass, string source, double wanted, int maxPerClass)
    {
        var widest = pilot.SelectMany(l => l.Methods.Where(m => m.DeltaPoints is not null).Select(m => (Level: l.Level, m.Method, Half: Power.HalfWidth(m.DeltaPoints!))))
            .OrderByDescending(x => x.Half).FirstOrDefault();
        if (widest.Method is null)
        {
            throw new ArgumentException("The pilot compares no method with the raw images: give at least one --method.");
        }

        return Plan(source, pilotPerClass, widest.Half, $"{widest.Level}, {widest.Method}", wanted, maxPerClass);
    }

    /// <summary>Sizes the study from an earlier report.json: its fold accuracies give the paired intervals again.</summary>
    /// <exception cref="ArgumentException">The file is not a validation report with fold accuracies.</exception>
    public static PowerPlan FromReport(string path, double wanted, int maxPerClass)
    {
        try
        {
            var report = JsonNode.Parse(File.ReadAllText(path))!;
            var perClass = (int)report["options"]!["PerClass"]!;
            var folds = (int)report["options"]!["Folds"]!;
            var widest = (Half: 0.0, Where: string.Empty);
            foreach (var level in report["synthetic"]!.AsArray())
            {
                var methods = level!["methods"]!.AsArray();
                var raw = methods[0]!["FoldAccuracies"]!.AsArray().Select(a => 100 * (double)a!).ToArray();
                foreach (var method in methods.Skip(1))
                {
                    var scores = method!["FoldAccuracies"]!.AsArray().Select(a => 100 * (double)a!).ToArray();
                    var half = Power.HalfWidth(ResampledT.Paired(raw, scores, 1.0 / folds));
                    if (half > widest.Half)
                    {
                        widest = (half, $"{(string)level["Level"]!}, {(string)method["Method"]!}");
                    }
                }
            }

            if (widest.Where.Length == 0)
            {
                throw new ArgumentException($"{path} compares no method with the raw images.");
            }

            return Plan($"fold accuracies of {path}", perClass, widest.Half, widest.Where, wanted, maxPerClass);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or FormatException or IOException)
        {
            throw new ArgumentException($"--pilot {path} is not a readable validation report.json ({ex.Message}).", ex);
        }
    }

    private static PowerPlan Plan(string source, int pilotPerClass, double half, string where, double wanted, int maxPerClass)
    {
        var needed = Power.PerClassFor(half, pilotPerClass, wanted);
        var run = Math.Min(Math.Max(needed, pilotPerClass), maxPerClass);
        return new PowerPlan(source, pilotPerClass, half, where, wanted, needed, run, needed > maxPerClass);
    }
}
