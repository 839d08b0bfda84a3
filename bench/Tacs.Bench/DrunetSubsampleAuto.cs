using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Host.Synthetic.Scenes;
using Tacs.Sdk.Frames;
using Tacs.Torch.Noise;
using static Tacs.Bench.DrunetBenchmark;

namespace Tacs.Bench;

/// <summary>
/// How often the DRUNet plugin's default <c>subsample=auto</c> switches pixel-shuffle on: the decision
/// (<see cref="NoiseCorrelation.SharedAlongOneDirection"/> on <see cref="NoiseCorrelation.InFlatBlocks"/>) on white
/// noise, where it must stay off, on noise shared along rows, where it should switch on, and on the real images.
/// On the camera frames, also what the decision is worth: PSNR of the installed plugin with its defaults (auto) and
/// with subsample=off, against the clean scene (shared the same way along rows: that part is the instrument's).
/// </summary>
internal static class DrunetSubsampleAuto
{
    private const int Side = 256;
    private const double Gain = 2, Offset = 100;

    public static void Run()
    {
        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        var auto = ChainBuilder.Build("drunet", catalog, Log.Logger);
        var off = ChainBuilder.Build("drunet(subsample=off)", catalog, Log.Logger);
        Console.WriteLine("## subsample=auto: how often it chooses pixel-shuffle");
        Console.WriteLine();
        Console.WriteLine("Per group: frames where auto chose 2, and the spread of the gap between the neighbour correlations along rows and along columns, in the flattest quarter of 8×8 blocks (auto chooses 2 when the gap is ≥ 0.25). Camera frames are 256², gain 2, offset 100, read noise 1/3/5 e⁻, peak 1/3/10/30/100 photo-electrons, seeds from 90001 (never used for the threshold); for them, mean PSNR (dB, peak = signal span) of the installed plugin's `drunet` (defaults, subsample=auto) and `drunet(subsample=off)`.");
        Console.WriteLine();
        Console.WriteLine("| group | frames | auto chose 2 | gap min / median / max | PSNR noisy / auto / off | auto − off, worst kind and peak (mean of its 3 frames) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var sigma in new[] { 5.0, 15, 25, 50 })
        {
            var random = new Random(1);
            Row($"Set12, Gaussian σ={sigma} (white)", ImageFiles.InFolder(Repo.SharedData("set12")).Select(file =>
            {
                using var source = ImageFiles.Open(file);
                var clean = source.ReadPage(0);
                return new Frame(clean.Pixels.Select(v => (float)(v + (sigma * NoiseModel.Gaussian(random)))).ToArray(), clean.Width, clean.Height);
            }), null);
        }

        foreach (var kind in Enum.GetValues<StructureKind>())
        {
            Row($"{kind}, camera noise (white)", Camera(kind, leak: 0), (auto, off));
        }

        foreach (var leak in new[] { 0.1, 0.25, 0.4, 0.6 })
        {
            // Each pixel's counts leak this fraction into its right-hand neighbour: a scanning confocal's shared rows.
            var rho = leak / (1 + (leak * leak));
            Row($"all kinds, counts leaking {leak:0.##} along rows (neighbour correlation {rho:0.00})", Enum.GetValues<StructureKind>().SelectMany(k => Camera(k, leak)), (auto, off));
        }

        foreach (var file in new[] { "hagen/hagen_0.tif", "shg/1B-a1.tif", "shg/1B-a5.tif" })
        {
            using var source = ImageFiles.Open(Repo.SharedData(file));
            var page = source.ReadPage(0);
            Row($"real: {file}", [new Frame(page.Pixels, page.Width, page.Height)], null);
        }

        Console.WriteLine();
    }

    private sealed record Frame(float[] Pixels, int Width, int Height, float[]? Clean = null, double Span = 0, string Cell = "");

    private static IEnumerable<Frame> Camera(StructureKind kind, double leak)
    {
        var seed = 90_001 + (1000 * (int)kind) + (int)(leak * 100);
        foreach (var peak in new[] { 1.0, 3, 10, 30, 100 })
        {
            foreach (var read in new[] { 1.0, 3, 5 })
            {
                var random = new Random(seed++);
                var scene = StructureScene.Draw(kind, Side, Side, random);
                var electrons = scene.Select(v => (float)(v * peak * Gain)).ToArray();
                var noisy = new float[electrons.Length];
                new NoiseModel(Gain, read * Gain, Offset).Apply(electrons, noisy, random);
                var clean = electrons.Select(v => (float)(v + Offset)).ToArray();
                if (leak > 0)
                {
                    // Shared along rows: each value mixed with its right-hand neighbour, keeping the mean.
                    (noisy, clean) = (AlongRows(noisy, leak), AlongRows(clean, leak));
                }

                yield return new Frame(noisy.Select(v => MathF.Round(Math.Clamp(v, 0, 65535))).ToArray(), Side, Side, clean, peak * Gain, $"{kind.ToString().ToLowerInvariant()} at {peak:0}");
            }
        }
    }

    private static float[] AlongRows(float[] values, double leak)
    {
        var mixed = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var next = (i + 1) % Side == 0 ? values[i] : values[i + 1];
            mixed[i] = (float)((values[i] + (leak * next)) / (1 + leak));
        }

        return mixed;
    }

    private static void Row(string group, IEnumerable<Frame> frames, (Chain Auto, Chain Off)? chains)
    {
        var gaps = new List<double>();
        var chosen = 0;
        double noisy = 0, auto = 0, off = 0;
        var gains = new Dictionary<string, List<double>>();
        foreach (var frame in frames)
        {
            var flat = NoiseCorrelation.InFlatBlocks(frame.Pixels, frame.Width, frame.Height);
            gaps.Add(Math.Abs(flat.Row - flat.Column));
            chosen += NoiseCorrelation.SharedAlongOneDirection(flat) ? 1 : 0;
            if (chains is { } c && frame.Clean is { } clean)
            {
                noisy += ImageQuality.Psnr(clean, frame.Pixels, frame.Span);
                var withAuto = ImageQuality.Psnr(clean, c.Auto.Process(new ImageFrame(frame.Width, frame.Height, (float[])frame.Pixels.Clone(), SampleFormat.UInt16)).Pixels, frame.Span);
                var withOff = ImageQuality.Psnr(clean, c.Off.Process(new ImageFrame(frame.Width, frame.Height, (float[])frame.Pixels.Clone(), SampleFormat.UInt16)).Pixels, frame.Span);
                (auto, off) = (auto + withAuto, off + withOff);
                (gains.TryGetValue(frame.Cell, out var list) ? list : gains[frame.Cell] = []).Add(withAuto - withOff);
            }
        }

        gaps.Sort();
        var n = gaps.Count;
        var psnr = chains is null ? "–" : $"{F(noisy / n)} / {F(auto / n)} / {F(off / n)}";
        var worst = gains.Count == 0 ? "–" : gains.Select(g => (g.Key, Gain: g.Value.Average())).MinBy(g => g.Gain) is var w ? $"{F(w.Gain, "+0.00;-0.00")} ({w.Key} e⁻)" : "–";
        Console.WriteLine($"| {group} | {n} | {chosen} | {F(gaps[0])} / {F(gaps[n / 2])} / {F(gaps[^1])} | {psnr} | {worst} |");
    }
}
