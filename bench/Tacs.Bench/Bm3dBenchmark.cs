using System.Diagnostics;
using System.Globalization;
using Serilog;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Quality;
using Tacs.Sdk.Frames;

namespace Tacs.Bench;

/// <summary>
/// BM3D plugin (loaded from the plugins folder, run through a host chain): PSNR on Set12/BSD68 with additive
/// Gaussian noise of fixed seeds (not clipped) next to the published BM3D averages, and time per image at
/// 256²–2048² next to OpenCV's BM3D run in the same process, with the PSNR of both and the memory used.
/// </summary>
internal sealed class Bm3dBenchmark : IBenchmark
{
    private static readonly Dictionary<(string Set, int Sigma), double> Published = new()
    {
        [("set12", 15)] = 32.37, [("set12", 25)] = 29.97, [("set12", 50)] = 26.72,
        [("bsd68", 15)] = 31.07, [("bsd68", 25)] = 28.57, [("bsd68", 50)] = 25.62,
    };

    public string Name => "bm3d";

    public string Description =>
        "BM3D quality (Set12/BSD68 PSNR vs published) and speed vs OpenCV BM3D (--set set12|bsd68|both --sigmas 15,25,50 "
        + "--profiles reference,fast --sizes 256,512,1024,2048 --rounds 3 --no-quality --no-speed --no-real --opencv-quality --quick)";

    public IReadOnlyList<string> Options => ["no-quality", "no-real", "no-speed", "opencv-quality", "quick", "rounds", "profiles", "set", "sigmas", "sizes"];

    public int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var quick = options.Flag("quick");
        var sets = options.String("set", "set12") is "both" ? ["set12", "bsd68"] : new[] { options.String("set", "set12") };
        var sigmas = ParseList(options.String("sigmas", "25"));
        var profiles = options.String("profiles", "reference,fast").Split(',');
        var sizes = ParseList(options.String("sizes", quick ? "256,512" : "256,512,1024,2048"));
        var rounds = options.Int("rounds", quick ? 1 : 3);

        using var catalog = new PluginCatalog(new PluginHostOptions { PluginsFolder = Repo.PluginsFolder }, Log.Logger);
        catalog.LoadAll();
        Console.WriteLine($"BM3D benchmark, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()} (other users share this machine)");
        if (!options.Flag("no-quality"))
        {
            foreach (var set in sets)
            {
                foreach (var sigma in sigmas)
                {
                    Quality(catalog, set, sigma, profiles, options.Flag("opencv-quality"));
                }
            }
        }

        if (!options.Flag("no-speed"))
        {
            Speed(catalog, sizes, rounds, profiles);
        }

        if (!options.Flag("no-real"))
        {
            RealFluorescence(catalog, profiles);
        }

        return 0;
    }

    private static void Quality(PluginCatalog catalog, string set, int sigma, string[] profiles, bool withOpenCv)
    {
        var files = ImageFiles.InFolder(Repo.SharedData(set)).Order(StringComparer.Ordinal).ToList();
        var chains = profiles.Select(p => ChainBuilder.Build(Invariant($"bm3d(sigma={sigma}, profile={p})"), catalog, Log.Logger)).ToList();
        var header = "| image | size | noisy |" + string.Concat(profiles.Select(p => $" {p} | s |")) + (withOpenCv ? " OpenCV BM3D | s |" : string.Empty);
        Console.WriteLine();
        Console.WriteLine($"### {set}, sigma = {sigma} (additive Gaussian, seed = 1000 + image index, not clipped), PSNR dB, peak 255");
        Console.WriteLine();
        Console.WriteLine(header);
        Console.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count(c => c == '|') - 1)));
        var sums = new double[profiles.Length + 2];
        for (var index = 0; index < files.Count; index++)
        {
            var clean = ReadGrey(files[index]);
            var noisy = AddNoise(clean, sigma, 1000 + index);
            var row = Invariant($"| {Path.GetFileNameWithoutExtension(files[index])} | {clean.Width}x{clean.Height} | {Psnr(clean, noisy.Pixels):F2} |");
            sums[0] += Psnr(clean, noisy.Pixels);
            for (var p = 0; p < profiles.Length; p++)
            {
                var watch = Stopwatch.StartNew();
                var output = chains[p].Process(noisy);
                var seconds = watch.Elapsed.TotalSeconds;
                var psnr = Psnr(clean, output.Pixels);
                sums[p + 1] += psnr;
                row += Invariant($" {psnr:F2} | {seconds:F2} |");
            }

            if (withOpenCv)
            {
                var watch = Stopwatch.StartNew();
                var cv = Bm3dOpenCv.Denoise(noisy.Pixels, noisy.Width, noisy.Height, sigma);
                var seconds = watch.Elapsed.TotalSeconds;
                var psnr = Psnr(clean, cv);
                sums[^1] += psnr;
                row += Invariant($" {psnr:F2} | {seconds:F2} |");
            }

            Console.WriteLine(row);
        }

        var average = Invariant($"| **average** | | {sums[0] / files.Count:F2} |");
        for (var p = 0; p < profiles.Length; p++)
        {
            average += Invariant($" **{sums[p + 1] / files.Count:F2}** | |");
        }

        Console.WriteLine(average + (withOpenCv ? Invariant($" {sums[^1] / files.Count:F2} | |") : string.Empty));
        if (Published.TryGetValue((set, sigma), out var published))
        {
            Console.WriteLine();
            Console.WriteLine(Invariant($"published BM3D average: {published:F2} dB; ") + string.Join("; ", profiles.Select((p, i) =>
                Invariant($"{p}: {sums[i + 1] / files.Count:F2} dB ({(sums[i + 1] / files.Count) - published:+0.00;-0.00} dB)"))));
        }
    }

    private static void Speed(PluginCatalog catalog, int[] sizes, int rounds, string[] profiles)
    {
        const int sigma = 25;
        var source = ReadGrey(Path.Combine(Repo.SharedData("set12"), "08.png"));
        var chains = profiles.Select(p => ChainBuilder.Build(Invariant($"bm3d(sigma={sigma}, profile={p})"), catalog, Log.Logger)).ToList();
        Console.WriteLine();
        Console.WriteLine($"### Speed: Set12 08 (Lena) mirrored/cropped to each size, sigma = {sigma}; median of {rounds} round(s) (1 from 1024²); OpenCV BM3D in the same process, interleaved");
        Console.WriteLine("OpenCV: CvXPhoto.Bm3dDenoising on 16-bit input ((v + 128)·16), 8×8 blocks, search 39, group 16, step 3, L1 norm");
        Console.WriteLine();
        var header = "| size | OpenCV BM3D s | OpenCV PSNR |" + string.Concat(profiles.Select(p => $" {p} s | {p} CPU s | {p} PSNR | speed-up vs OpenCV |"));
        Console.WriteLine(header);
        Console.WriteLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count(c => c == '|') - 1)));
        foreach (var size in sizes)
        {
            var clean = Resize(source, size);
            var noisy = AddNoise(clean, sigma, 7);
            var cvTimes = new List<double>();
            float[] cv = [];
            var ours = profiles.Select(_ => new List<double>()).ToArray();
            var cpu = profiles.Select(_ => new List<double>()).ToArray();
            var outputs = new float[profiles.Length][];
            // Large frames once: a 2048² OpenCV run alone takes tens of seconds here.
            for (var r = 0; r < (size >= 1024 ? 1 : rounds); r++)
            {
                var watch = Stopwatch.StartNew();
                cv = Bm3dOpenCv.Denoise(noisy.Pixels, size, size, sigma);
                cvTimes.Add(watch.Elapsed.TotalSeconds);
                for (var p = 0; p < profiles.Length; p++)
                {
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    watch.Restart();
                    outputs[p] = chains[p].Process(noisy).Pixels;
                    ours[p].Add(watch.Elapsed.TotalSeconds);
                    cpu[p].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
                }
            }

            var cvSeconds = Median(cvTimes);
            var row = Invariant($"| {size}² | {cvSeconds:F3} | {Psnr(clean, cv):F2} |");
            for (var p = 0; p < profiles.Length; p++)
            {
                var seconds = Median(ours[p]);
                row += Invariant($" {seconds:F3} | {Median(cpu[p]):F3} | {Psnr(clean, outputs[p]):F2} | {cvSeconds / seconds:F1}× |");
            }

            Console.WriteLine(row);
        }

        Console.WriteLine();
        Console.WriteLine($"CPU s: processor time of the whole process during our call (both cores busy ≈ 2× wall time); load average now: {LoadAverage()}");
        Memory(chains[0], profiles[0], source);
    }

    // A real confocal image (no clean counterpart): what the Poisson–Gaussian mode estimates, and how long it takes.
    private static void RealFluorescence(PluginCatalog catalog, string[] profiles)
    {
        using var source = ImageFiles.Open(Repo.SharedData(Path.Combine("hagen", "hagen_0.tif")));
        var frame = source.ReadPage(0);
        Console.WriteLine();
        Console.WriteLine($"### Real confocal image hagen_0.tif ({frame.Width}x{frame.Height} uint16), noise=poisson-gaussian, gain/read noise auto");
        Console.WriteLine();
        Console.WriteLine("| profile | s | notes (provenance) | mean in | mean out |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var profile in profiles)
        {
            var chain = ChainBuilder.Build($"bm3d(noise=poisson-gaussian, profile={profile})", catalog, Log.Logger);
            var watch = Stopwatch.StartNew();
            var output = chain.Process(frame);
            var notes = string.Join(", ", output.Provenance[^1].Notes.Where(n => n.Key != "ms").Select(n => $"{n.Key}={n.Value}"));
            Console.WriteLine(Invariant($"| {profile} | {watch.Elapsed.TotalSeconds:F2} | {notes} | {frame.Pixels.Average():F1} | {output.Pixels.Average():F1} |"));
        }
    }

    private static void Memory(Chain chain, string profile, ImageFrame source)
    {
        var frame = AddNoise(Resize(source, 2048), 25, 9);
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var peakManaged = 0L;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peakManaged = Math.Max(peakManaged, GC.GetGCMemoryInfo().HeapSizeBytes);
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                await Task.Delay(20).ConfigureAwait(false);
            }
        });
        _ = chain.Process(frame);
        done.Cancel();
        sampler.Wait();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        process.Refresh();
        Console.WriteLine();
        Console.WriteLine(Invariant(
            $"Memory, {profile} profile on 2048²: {allocated / 1048576.0:F0} MiB allocated during the call; peak managed heap sampled {peakManaged / 1048576.0:F0} MiB; process peak working set {peakBefore / 1048576.0:F0} MiB before, {process.PeakWorkingSet64 / 1048576.0:F0} MiB after (includes OpenCV and earlier runs)"));
    }

    internal static ImageFrame ReadGrey(string path)
    {
        using var source = ImageFiles.Open(path);
        return source.ReadPage(0);
    }

    internal static ImageFrame AddNoise(ImageFrame clean, double sigma, int seed)
    {
        var random = new Random(seed);
        var noisy = new ImageFrame(clean.Width, clean.Height, sourceFormat: SampleFormat.UInt8);
        for (var i = 0; i < clean.Pixels.Length; i++)
        {
            noisy.Pixels[i] = (float)(clean.Pixels[i] + (sigma * Tacs.Host.Synthetic.NoiseModel.Gaussian(random)));
        }

        return noisy;
    }

    // Mirror-tiles or crops an image to size×size, so large sizes keep natural image statistics.
    private static ImageFrame Resize(ImageFrame image, int size)
    {
        var frame = new ImageFrame(size, size, sourceFormat: SampleFormat.UInt8);
        for (var y = 0; y < size; y++)
        {
            var sy = Mirror(y, image.Height);
            for (var x = 0; x < size; x++)
            {
                frame.Pixels[(y * size) + x] = image.Pixels[(sy * image.Width) + Mirror(x, image.Width)];
            }
        }

        return frame;
    }

    private static int Mirror(int i, int n)
    {
        var period = 2 * n;
        i %= period;
        return i < n ? i : period - 1 - i;
    }

    private static double Psnr(ImageFrame clean, float[] test) => ImageQuality.Psnr(clean.Pixels, test, 255);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int[] ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
