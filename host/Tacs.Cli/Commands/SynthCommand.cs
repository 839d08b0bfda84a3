using System.CommandLine;
using System.Globalization;
using System.Text;
using Tacs.Collagen.Boundaries;
using Tacs.Collagen.Synthesis;
using Tacs.Host.Imaging;
using Tacs.Sdk.Frames;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs synth</c>: synthetic collagen images of known TACS class with their tumour boundaries.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder to write into (clean/, one folder per noise level, boundary/, labels.csv).", Required = true };
        var size = new Option<int>("--size") { Description = "Image side in pixels (64–4096).", DefaultValueFactory = _ => 512 };
        var perClass = new Option<int>("--per-class", "-n") { Description = "Images per class (1–100000).", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the set; the same seed and options give the same images.", DefaultValueFactory = _ => 1 };
        var noise = new Option<string>("--noise") { Description = "Noise levels as photons at a fibre's peak, comma-separated; 'none' for clean images only.", DefaultValueFactory = _ => "10,3,1" };
        var readNoise = new Option<double>("--read-noise") { Description = "Camera read noise, grey levels.", DefaultValueFactory = _ => 3 };
        var band = new Option<double>("--band") { Description = "Width of the stroma band next to the boundary that carries the class, px.", DefaultValueFactory = _ => 100 };
        var tacs3 = new Option<string>("--tacs3") { Description = "Layout of TACS-3 images: any (mix), diffuse (perpendicular all around), focal (perpendicular over one arc, random elsewhere), mixed (perpendicular over one arc, parallel elsewhere).", DefaultValueFactory = _ => "any" };
        var classes = new Option<string>("--classes") { Description = "Classes to write, comma-separated (e.g. 3 or TACS-2,TACS-3); image i of a set is the same whichever classes are chosen, so a subset adds no new images to a full set of the same seed.", DefaultValueFactory = _ => "1,2,3" };
        var pixelSize = new Option<double>("--pixel-size") { Description = "Pixel size of a 512-px image, µm; every --size shows the same field, so N-px images get this × 512/N (written into the TIFFs; models trained on them record it).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("synth", "Write synthetic collagen images of known class (TACS-1/2/3): clean and noisy 16-bit TIFFs, boundary mask and polygon CSV, labels.csv.")
        {
            output, size, perClass, seed, noise, readNoise, band, tacs3, classes, pixelSize,
        };
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            var count = parse.GetValue(perClass);
            if (count is < 1 or > 100000)
            {
                throw new ArgumentException($"--per-class {count} is outside 1–100000.");
            }

            var chosen = ParseClasses(parse.GetValue(classes)!);
            var noiseText = parse.GetValue(noise)!;
            var options = new SynthOptions
            {
                Size = parse.GetValue(size),
                BandWidth = parse.GetValue(band),
                Tacs3Pattern = Tacs3PatternNames.Parse(parse.GetValue(tacs3)!),
                PixelSizeMicrons = parse.GetValue(pixelSize),
                NoiseLevels = noiseText.Equals("none", StringComparison.OrdinalIgnoreCase) ? [] : NoiseLevel.ParseList(noiseText, parse.GetValue(readNoise)),
            };
            options.Validate();
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            Write(folder, options, count, chosen, parse.GetValue(seed), cancellation);
            return ExitCodes.Success;
        });
        return command;
    }

    private static HashSet<TacsClass> ParseClasses(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            var chosen = parts.Select(TacsClassNames.Parse).ToHashSet();
            return chosen.Count > 0 ? chosen : throw new FormatException("no class given");
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"--classes '{text}': {ex.Message} Give one or more of 1, 2, 3 (or TACS-1, TACS-2, TACS-3), separated by commas.");
        }
    }

    private static void Write(string folder, SynthOptions options, int perClass, HashSet<TacsClass> classes, int seed, CancellationToken cancellation)
    {
        foreach (var sub in new[] { "clean", "boundary" }.Concat(options.NoiseLevels.Select(l => l.Name)))
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        // Image i is of class i mod 3 and its seed depends only on the set's seed and i, chosen classes or not.
        var indices = Enumerable.Range(0, perClass * 3).Where(i => classes.Contains(TacsClassNames.All[i % 3])).ToArray();
        var total = indices.Length;
        var rows = new string[total];
        var done = 0;
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation }, k =>
        {
            var i = indices[k];
            var sample = CollagenSynthesizer.Generate(options, TacsClassNames.All[i % 3], CollagenSynthesizer.SeedOf(seed, i), i);
            var micrometres = options.ImagePixelSizeMicrons;
            WriteTiff(Path.Combine(folder, "clean", sample.Id + ".tif"), sample.Clean, sample.Width, SampleFormat.UInt16, micrometres);
            foreach (var noisy in sample.Noisy)
            {
                WriteTiff(Path.Combine(folder, noisy.Level.Name, sample.Id + ".tif"), noisy.Pixels, sample.Width, SampleFormat.UInt16, micrometres);
            }

            var mask = sample.Boundary.Mask.Select(b => b != 0 ? 255f : 0f).ToArray();
            WriteTiff(Path.Combine(folder, "boundary", sample.Id + "_mask.tif"), mask, sample.Width, SampleFormat.UInt8, micrometres);
            BoundaryFiles.WritePolygon(Path.Combine(folder, "boundary", sample.Id + ".csv"), sample.Boundary.Polygon);
            rows[k] = Row(sample, options);
            var n = Interlocked.Increment(ref done);
            if (n % 50 == 0 || n == total)
            {
                Console.Error.WriteLine($"{n}/{total} images");
            }
        });

        var header = new StringBuilder("id,label,seed,clean");
        foreach (var level in options.NoiseLevels)
        {
            header.Append(',').Append(level.Name);
        }

        header.Append(",boundary,mask,density,length_scale,fibre_width,brightness,psf_sigma,background,tumour_radius,boundary_roughness,clutter,tacs3_pattern,arc_coverage,dense_stroma,autofluorescence");
        File.WriteAllLines(Path.Combine(folder, "labels.csv"), [header.ToString(), .. rows]);
        var levels = options.NoiseLevels.Count == 0 ? "none" : string.Join(", ", options.NoiseLevels.Select(l => FormattableString.Invariant($"{l.Name} ({l.PeakPhotons:0.###} photons, read noise {l.ReadNoise:0.##})")));
        var which = string.Join(", ", TacsClassNames.All.Where(classes.Contains).Select(c => c.Name()));
        Console.WriteLine($"Wrote {total} images ({perClass} per class, {which}) of {options.Size}×{options.Size} to {folder}: clean/, noise levels {levels}, boundary/ (mask TIFF and polygon CSV), labels.csv.");
    }

    private static string Row(SynthSample s, SynthOptions options)
    {
        var n = s.Nuisance;
        var cells = new List<string> { s.Id, s.Label.Name(), s.Seed.ToString(CultureInfo.InvariantCulture), $"clean/{s.Id}.tif" };
        cells.AddRange(options.NoiseLevels.Select(l => $"{l.Name}/{s.Id}.tif"));
        cells.Add($"boundary/{s.Id}.csv");
        cells.Add($"boundary/{s.Id}_mask.tif");
        cells.AddRange(new[] { n.Density, n.LengthScale, n.FibreWidth, n.Brightness, n.PsfSigma, n.Background, n.TumourRadius, n.BoundaryRoughness, n.Clutter }
            .Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));
        cells.Add(s.Label == TacsClass.Tacs3 ? n.Pattern.Name() : string.Empty);
        cells.Add(n.ArcCoverage.ToString("0.####", CultureInfo.InvariantCulture));
        cells.Add(n.DenseStroma ? "true" : "false");
        cells.Add(n.Autofluorescence.ToString("0.####", CultureInfo.InvariantCulture));
        return string.Join(',', cells);
    }

    private static void WriteTiff(string path, float[] pixels, int side, SampleFormat format, double pixelSizeMicrons)
    {
        using var writer = new TiffStackWriter(path, 1, new TiffWriteOptions { Format = format });
        var frame = new ImageFrame(side, side, pixels, format);
        frame.Metadata.PixelSizeMicrons = pixelSizeMicrons;
        writer.Write(frame);
        writer.Complete(overwrite: true);
    }
}
