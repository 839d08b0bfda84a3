using System.CommandLine;
using Tacs.Host.Imaging;
using Tacs.Host.Quality;
using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs example</c>: writes a synthetic 16-bit fluorescence stack with its clean version, and
/// <c>tacs measure</c>: PSNR and SSIM of images against a clean reference.</summary>
internal static class ExampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder to write clean.tif and noisy.tif into.", DefaultValueFactory = _ => "example" };
        var size = new Option<int>("--size") { Description = "Width and height in pixels (16–4096).", DefaultValueFactory = _ => 256 };
        var frames = new Option<int>("--frames") { Description = "Pages in the stack (1–1000).", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("example", "Write a synthetic 16-bit fluorescence stack (noisy.tif) and its clean version (clean.tif).") { output, size, frames, seed };
        CommandRunner.SetAction(command, (parse, _) =>
        {
            var side = parse.GetValue(size);
            var count = parse.GetValue(frames);
            if (side is < 16 or > 4096 || count is < 1 or > 1000)
            {
                throw new ArgumentException("--size must be 16–4096 and --frames 1–1000.");
            }

            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var random = new Random(parse.GetValue(seed));
            var noise = new NoiseModel(Gain: 4, ReadNoise: 30, Offset: 100);
            using var clean = new TiffStackWriter(Path.Combine(folder, "clean.tif"), count);
            using var noisy = new TiffStackWriter(Path.Combine(folder, "noisy.tif"), count);
            for (var i = 0; i < count; i++)
            {
                // The camera baseline carries no shot noise: noise first, then the offset; the clean page is the
                // noisy page's expected value (scene + offset).
                var scene = FluorescenceScene.Draw(side, side, 1200, random);
                var pixels = new float[scene.Length];
                noise.Apply(scene, pixels, random);
                var signal = scene.Select(v => v + (float)noise.Offset).ToArray();
                var cleanFrame = new ImageFrame(side, side, signal, SampleFormat.UInt16);
                cleanFrame.Metadata.PixelSizeMicrons = 0.1;
                var noisyFrame = cleanFrame.WithPixels(pixels);
                clean.Write(cleanFrame);
                noisy.Write(noisyFrame);
            }

            clean.Complete(overwrite: true);
            noisy.Complete(overwrite: true);
            // Scored from the files as written (16-bit, rounded) and with measure's default peak, so that
            // 'tacs measure -r clean.tif noisy.tif' prints the same figure.
            using var cleanFile = ImageFiles.Open(Path.Combine(folder, "clean.tif"));
            using var noisyFile = ImageFiles.Open(Path.Combine(folder, "noisy.tif"));
            var (psnr, _) = Score(cleanFile, noisyFile, peak: null);
            Console.WriteLine($"Wrote {folder}/clean.tif and {folder}/noisy.tif: {count} page(s) of {side}×{side}, 16-bit, Poisson–Gaussian noise (gain 4, read noise 30, offset 100), PSNR of noisy {psnr:F2} dB (peak: each clean page's maximum, as tacs measure computes it).");
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateMeasure()
    {
        var reference = new Option<string>("--reference", "-r") { Description = "Clean reference image or stack.", Required = true };
        var peak = new Option<double?>("--peak") { Description = "Peak value for PSNR (default: the reference's maximum)." };
        var images = new Argument<string[]>("images") { Description = "Images or stacks to score, same size as the reference.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("measure", "PSNR and SSIM of images against a clean reference (page by page, averaged).") { reference, peak, images };
        CommandRunner.SetAction(command, (parse, _) =>
        {
            using var clean = ImageFiles.Open(parse.GetValue(reference)!);
            var rows = new List<string[]>();
            foreach (var path in parse.GetValue(images)!)
            {
                using var test = ImageFiles.Open(path);
                if (test.PageCount != clean.PageCount || test.Width != clean.Width || test.Height != clean.Height)
                {
                    throw new ArgumentException($"{path} is {test.Width}×{test.Height}×{test.PageCount}, the reference {clean.Width}×{clean.Height}×{clean.PageCount}.");
                }

                var (psnr, ssim) = Score(clean, test, parse.GetValue(peak));

                rows.Add([Path.GetFileName(path), psnr.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), ssim.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)]);
            }

            Table.Print(["image", "PSNR dB", "SSIM"], rows);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>PSNR and SSIM of <paramref name="test"/> against <paramref name="clean"/>, page by page and averaged;
    /// the peak is each clean page's maximum unless given. Shared by example and measure so their figures agree.</summary>
    private static (double Psnr, double Ssim) Score(IImageSource clean, IImageSource test, double? peak)
    {
        double psnr = 0, ssim = 0;
        for (var i = 0; i < clean.PageCount; i++)
        {
            var a = clean.ReadPage(i);
            var b = test.ReadPage(i);
            var top = peak ?? a.Pixels.Max();
            psnr += ImageQuality.Psnr(a.Pixels, b.Pixels, top) / clean.PageCount;
            ssim += ImageQuality.Ssim(a.Pixels, b.Pixels, a.Width, a.Height, top) / clean.PageCount;
        }

        return (psnr, ssim);
    }
}
