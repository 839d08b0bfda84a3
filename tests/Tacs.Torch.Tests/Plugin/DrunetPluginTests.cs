using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Host.Plugins;
using Tacs.Host.Synthetic;
using Tacs.Host.Synthetic.Scenes;
using Tacs.Sdk.Frames;
using Tacs.Sdk.Parameters;
using Tacs.Torch.Tests.Support;

namespace Tacs.Torch.Tests.Plugin;

public sealed class DrunetPluginTests
{
    private static ImageFrame NoisyFrame(int width, int height)
    {
        var (_, noisy) = Synthetic.Image(width, height, 0.1, seed: 77);
        return new ImageFrame(width, height, noisy.Select(v => Math.Clamp(v * 255f, 0f, 255f)).ToArray(), SampleFormat.UInt8);
    }

    // A scene of one structure kind scaled to the given peak, through a camera noise model, as a 16-bit frame.
    private static ImageFrame CameraFrame(StructureKind kind, int side, int seed, float scale, NoiseModel noise)
    {
        var random = new Random(seed);
        var scene = StructureScene.Draw(kind, side, side, random);
        var camera = new float[scene.Length];
        noise.Apply(scene.Select(v => v * scale).ToArray(), camera, random);
        return new ImageFrame(side, side, camera, SampleFormat.UInt16);
    }

    [Fact]
    public void DrunetAndAnotherTorchSharpPluginLoadAndRunInOneChain()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        folder.Add(Repo.TestPlugin("TorchScale"), "TorchScale");
        using var catalog = folder.Load();
        Assert.All(catalog.Records, r => Assert.Equal(PluginState.Loaded, r.State));
        Assert.Contains(catalog.Records, r => r.Manifest?.Id == "denoise.drunet");
        Assert.Contains(catalog.Records, r => r.Manifest?.Id == "test.torchscale");

        var frame = NoisyFrame(70, 45);
        var alone = ChainBuilder.Build("drunet(sigma=25)", catalog, Serilog.Log.Logger).Process(frame);
        var both = ChainBuilder.Build("drunet(sigma=25) | torchscale(factor=0.5)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal(frame.Pixels.Length, both.Pixels.Length);
        for (var i = 0; i < alone.Pixels.Length; i++)
        {
            Assert.Equal(alone.Pixels[i] * 0.5f, both.Pixels[i], 3);
        }

        // Denoising must actually change a noisy image and say which weights did it.
        Assert.True(alone.Pixels.Zip(frame.Pixels, (a, b) => Math.Abs(a - b)).Average() > 1);
        var entry = Assert.Single(alone.Provenance);
        Assert.Equal("drunet-blind.drunet (shipped)", entry.Notes["weights"]);
    }

    [Fact]
    public void TheDefaultNoiseModelIsChosenPerFrameAndRecorded()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var chain = ChainBuilder.Build("drunet", catalog, Serilog.Log.Logger);

        // A camera frame: shot noise of a 16-bit scene with gain 2 and a little read noise.
        var cameraNote = Assert.Single(chain.Process(CameraFrame(StructureKind.Nuclei, 96, seed: 4, scale: 400, new NoiseModel(2, 2, 100))).Provenance).Notes["noise"];
        Assert.StartsWith("auto → Poisson–Gaussian", cameraNote, StringComparison.Ordinal);

        // Signal-independent noise on an 8-bit image stays Gaussian; a given sigma means Gaussian, not estimated.
        Assert.StartsWith("auto → Gaussian", Assert.Single(chain.Process(NoisyFrame(96, 96)).Provenance).Notes["noise"], StringComparison.Ordinal);
        var told = ChainBuilder.Build("drunet(sigma=20)", catalog, Serilog.Log.Logger).Process(NoisyFrame(40, 24));
        Assert.Equal("Gaussian σ 20", Assert.Single(told.Provenance).Notes["noise"]);
    }

    [Fact]
    public void GivenCameraParametersAreUsedAsGiven()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var frame = CameraFrame(StructureKind.Spots, 64, seed: 9, scale: 300, new NoiseModel(2, 4, 100));

        var told = ChainBuilder.Build("drunet(gain=2, read_noise=4, offset=100)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal("Poisson–Gaussian gain 2, read noise 4, offset 100 (Anscombe)", Assert.Single(told.Provenance).Notes["noise"]);
    }

    [Fact]
    public void TheSelfEnsembleRunsThroughTheHostAndIsRecorded()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var frame = NoisyFrame(40, 24);
        var plain = ChainBuilder.Build("drunet(sigma=25)", catalog, Serilog.Log.Logger).Process(frame);
        var averaged = ChainBuilder.Build("drunet(sigma=25, ensemble=x8)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal("x8", Assert.Single(averaged.Provenance).Notes["ensemble"]);
        Assert.False(Assert.Single(plain.Provenance).Notes.ContainsKey("ensemble"));
        Assert.InRange(plain.Pixels.Zip(averaged.Pixels, (a, b) => Math.Abs(a - b)).Average(), 1e-3, 10);
    }

    [Fact]
    public void ChainsWithDifferentWeightsRunSideBySideWithoutPullingTheNetworkFromUnderEachOther()
    {
        // A study denoises with several DRUNet chains at once. One chain loading its weights must not dispose the
        // network another chain is about to run ("Tensor invalid -- empty handle").
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var chains = new[] { "drunet(sigma=25, shipped=standard)", "drunet(sigma=25)" }.Select(c => ChainBuilder.Build(c, catalog, Serilog.Log.Logger)).ToArray();
        var frame = NoisyFrame(24, 16);
        var expected = chains.Select(c => c.Process(frame.Clone()).Pixels).ToArray();

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var output = chains[i % 2].Process(frame.Clone());
            if (output.Provenance.Any(e => e.Notes.ContainsKey("failed")) || !output.Pixels.AsSpan().SequenceEqual(expected[i % 2]))
            {
                failures.Add($"run {i}: {string.Join("; ", output.Provenance.SelectMany(e => e.Notes).Select(n => $"{n.Key}={n.Value}"))}");
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public void EachBuiltInWeightsFileIsChosenByParameterAndRecorded()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var frame = NoisyFrame(40, 24);
        var standard = ChainBuilder.Build("drunet(sigma=25, shipped=standard)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal("drunet-bsd68-r2r-s25.drunet (shipped)", Assert.Single(standard.Provenance).Notes["weights"]);
        var wide = ChainBuilder.Build("drunet(sigma=25, shipped=wide)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal("drunet-bsd68-r2r-s25-wide.drunet (shipped)", Assert.Single(wide.Provenance).Notes["weights"]);
        var blind = ChainBuilder.Build("drunet(sigma=25, shipped=blind)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal("drunet-blind.drunet (shipped)", Assert.Single(blind.Provenance).Notes["weights"]);
        Assert.InRange(standard.Pixels.Zip(blind.Pixels, (a, b) => Math.Abs(a - b)).Average(), 1e-3, 20);
        Assert.True(wide.Pixels.Zip(frame.Pixels, (a, b) => Math.Abs(a - b)).Average() > 1, "the wide weights left the noisy frame unchanged");
        Assert.InRange(standard.Pixels.Zip(wide.Pixels, (a, b) => Math.Abs(a - b)).Average(), 1e-3, 20);
    }

    [Fact]
    public void OnnxRuntimeRunsTheNetworkByDefaultAndLibtorchGivesTheSameFrame()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var frame = CameraFrame(StructureKind.Nuclei, 96, seed: 8, scale: 300, new NoiseModel(2, 2, 100));

        var byDefault = ChainBuilder.Build("drunet", catalog, Serilog.Log.Logger).Process(frame.Clone());
        var byTorch = ChainBuilder.Build("drunet(engine=torch)", catalog, Serilog.Log.Logger).Process(frame.Clone());
        var byOnnx = ChainBuilder.Build("drunet(engine=onnx, threads=1)", catalog, Serilog.Log.Logger).Process(frame.Clone());

        Assert.Equal("onnx", Assert.Single(byDefault.Provenance).Notes["engine"]);
        Assert.Equal("torch", Assert.Single(byTorch.Provenance).Notes["engine"]);
        Assert.Equal("onnx", Assert.Single(byOnnx.Provenance).Notes["engine"]);
        // Grey levels of a 16-bit frame: the engines differ in float rounding only.
        Assert.True(byDefault.Pixels.Zip(byTorch.Pixels, (a, b) => Math.Abs(a - b)).Max() < 0.05, "onnx and torch differ by more than rounding");
        Assert.True(byOnnx.Pixels.Zip(byTorch.Pixels, (a, b) => Math.Abs(a - b)).Max() < 0.05, "onnx with one thread differs from torch");
        Assert.True(byDefault.Pixels.Zip(frame.Pixels, (a, b) => Math.Abs(a - b)).Average() > 1, "the frame came back unchanged");
        var bad = Assert.Throws<ChainException>(() => ChainBuilder.Build("drunet(engine=tensorrt)", catalog, Serilog.Log.Logger));
        Assert.Contains("engine", bad.Message, StringComparison.Ordinal);
        Assert.Contains("onnx", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePluginFolderDoesNotCarryItsOwnLibTorch()
    {
        var folder = Repo.Plugin("Denoise.DRUNet");
        Assert.True(Directory.Exists(folder), $"{folder} is missing: build the solution first.");
        Assert.Empty(Directory.GetFiles(folder, "libtorch*.so", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(folder, "libLibTorchSharp.so", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-bsd68-r2r-s25.drunet")), "The shipped weights are missing from the repository.");
        Assert.True(File.Exists(Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-blind.drunet")), "The blind shipped weights are missing from the repository.");
        Assert.True(File.Exists(Path.Combine(Repo.Root, "plugins", "Denoise.DRUNet", "weights", "drunet-bsd68-r2r-s25-wide.drunet")), "The wide shipped weights are missing from the repository.");
    }

    [Fact]
    public void PixelShuffleRemovesNoiseCorrelatedAlongRowsThatThePlainNetworkKeeps()
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();

        // Dense fibres at 3 photo-electrons whose counts leak 60 % into the next pixel of the row (neighbours correlate
        // 0.44), as in a scanning confocal: the network, trained on white noise, keeps the correlated part as texture.
        const int side = 128, gain = 50, offset = 500;
        var random = new Random(8);
        var scene = StructureScene.Draw(StructureKind.Fibres, side, side, random);
        var clean = scene.Select(v => (gain * 3f * v) + offset).ToArray();
        var counts = scene.Select(v => (float)Poisson(random, 3 * v)).Append(0f).ToArray();
        var noisy = clean.Select((_, i) => (gain * (counts[i] + (0.6f * counts[i + 1])) / 1.6f) + offset).ToArray();
        var frame = new ImageFrame(side, side, noisy, SampleFormat.Float32);

        var plain = ChainBuilder.Build("drunet(noise=poisson-gaussian, subsample=off)", catalog, Serilog.Log.Logger).Process(frame);
        var shuffled = ChainBuilder.Build("drunet(noise=poisson-gaussian, subsample=2)", catalog, Serilog.Log.Logger).Process(frame);
        double Psnr(ImageFrame output) => 10 * Math.Log10(3.0 * gain * 3 * gain / output.Pixels.Zip(clean, (a, b) => (double)(a - b) * (a - b)).Average());
        var (plainPsnr, shuffledPsnr) = (Psnr(plain), Psnr(shuffled));
        Assert.True(shuffledPsnr > plainPsnr + 1, $"pixel-shuffle {shuffledPsnr:F2} dB against {plainPsnr:F2} dB without it (noisy {Psnr(frame):F2} dB)");
        Assert.Equal("2 (pixel-shuffle)", Assert.Single(shuffled.Provenance).Notes["subsample"]);
        Assert.False(Assert.Single(plain.Provenance).Notes.ContainsKey("subsample"));

        // The default, subsample=auto, sees the shared noise and gives exactly the pixel-shuffle result, saying why.
        var auto = ChainBuilder.Build("drunet(noise=poisson-gaussian)", catalog, Serilog.Log.Logger).Process(frame);
        Assert.Equal(shuffled.Pixels, auto.Pixels);
        Assert.StartsWith("2 (pixel-shuffle; auto: noise shared along rows", Assert.Single(auto.Provenance).Notes["subsample"], StringComparison.Ordinal);

        // With subsample=off the plugin says once, on its first frame, that the noise is shared along rows.
        var log = new Warnings();
        using var fresh = new PluginFolder();
        fresh.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var freshCatalog = fresh.Load();
        var plainChain = ChainBuilder.Build("drunet(noise=poisson-gaussian, subsample=off)", freshCatalog, log.Logger);
        plainChain.Process(frame);
        plainChain.Process(frame);
        var warning = Assert.Single(log.Messages);
        Assert.Contains("along rows", warning, StringComparison.Ordinal);
        Assert.Contains("subsample=2", warning, StringComparison.Ordinal);

        // Too small to split into four sub-images of 2 × 2: a clear error, not a crash.
        var tiny = new ImageFrame(3, 3, new float[9], SampleFormat.Float32);
        var error = Record.Exception(() => ChainBuilder.Build("drunet(sigma=20, subsample=2)", catalog, Serilog.Log.Logger).Process(tiny));
        Assert.Contains("at least 4×4", error?.ToString() ?? "no error", StringComparison.Ordinal);

        static int Poisson(Random random, double mean)
        {
            var (limit, k, product) = (Math.Exp(-mean), 0, random.NextDouble());
            while (product > limit)
            {
                k++;
                product *= random.NextDouble();
            }

            return k;
        }
    }

    [Fact]
    public void WhiteNoiseKeepsOnePassAndGivesNoSharedNoiseWarning()
    {
        var log = new Warnings();
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var frame = CameraFrame(StructureKind.Fibres, 128, seed: 6, scale: 100, new NoiseModel(2, 2, 100));
        var auto = ChainBuilder.Build("drunet", catalog, log.Logger).Process(frame);
        var off = ChainBuilder.Build("drunet(subsample=off)", catalog, log.Logger).Process(frame);
        Assert.Empty(log.Messages);
        Assert.False(Assert.Single(auto.Provenance).Notes.ContainsKey("subsample"));
        Assert.Equal(off.Pixels, auto.Pixels);
    }

    [Fact]
    public void TheRealConfocalImageGetsPixelShuffleByDefault()
    {
        // ../shared/data/hagen: a scanning confocal whose noise is shared along rows (docs/drunet.md). A 256 × 256 crop
        // of it through the plugin's defaults.
        using var source = ImageFiles.Open(Repo.SharedData("hagen/hagen_0.tif"));
        var whole = source.ReadPage(0);
        const int side = 256;
        var crop = new float[side * side];
        for (var y = 0; y < side; y++)
        {
            Array.Copy(whole.Pixels, ((y + 384) * whole.Width) + 384, crop, y * side, side);
        }

        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var output = ChainBuilder.Build("drunet", catalog, Serilog.Log.Logger).Process(new ImageFrame(side, side, crop, SampleFormat.UInt16));
        Assert.StartsWith("2 (pixel-shuffle; auto: noise shared along", Assert.Single(output.Provenance).Notes["subsample"], StringComparison.Ordinal);
    }

    /// <summary>Keeps the warnings a chain logs.</summary>
    private sealed class Warnings : Serilog.Core.ILogEventSink
    {
        public Warnings() => Logger = new Serilog.LoggerConfiguration().WriteTo.Sink(this).CreateLogger();

        public Serilog.ILogger Logger { get; }

        public List<string> Messages { get; } = [];

        public void Emit(Serilog.Events.LogEvent logEvent)
        {
            if (logEvent.Level == Serilog.Events.LogEventLevel.Warning)
            {
                lock (Messages)
                {
                    Messages.Add(logEvent.RenderMessage());
                }
            }
        }
    }

    [Theory]
    [InlineData("drunet(tile=100)", "multiple of 8")]
    [InlineData("drunet(noise=poisson-gaussian, sigma=5)", "gaussian noise model only")]
    [InlineData("drunet(sigma=-1)", "sigma")]
    [InlineData("drunet(threads=-2)", "threads")]
    [InlineData("drunet(ensemble=x4)", "ensemble")]
    [InlineData("drunet(subsample=3)", "subsample")]
    [InlineData("drunet(shipped=huge)", "shipped")]
    [InlineData("drunet(noise=gaussian, gain=2)", "camera (Poisson–Gaussian) noise")]
    [InlineData("drunet(sigma=5, read_noise=3)", "sigma is for Gaussian noise")]
    [InlineData("drunet(gain=-1)", "gain")]
    public void BadParametersGiveClearErrors(string chain, string expected)
    {
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var error = Record.Exception(() => ChainBuilder.Build(chain, catalog, Serilog.Log.Logger).Process(NoisyFrame(32, 32)));
        Assert.NotNull(error);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AWeightsFileThatIsNotOneIsReportedAsABadParameter()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("fake.drunet"), "not weights");
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var chain = new ChainSpec([new StepSpec(1, "drunet", new Dictionary<string, string> { ["weights"] = temp.File("fake.drunet") })]);
        var error = Record.Exception(() => ChainBuilder.Build(chain, catalog, Serilog.Log.Logger).Process(NoisyFrame(32, 32)));
        Assert.NotNull(error);
        Assert.Contains("not a Tacs DRUNet weights file", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ChoosingBuiltInWeightsNextToAWeightsFileIsRefused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("mine.drunet"), "not read");
        using var folder = new PluginFolder();
        folder.Add(Repo.Plugin("Denoise.DRUNet"), "Denoise.DRUNet");
        using var catalog = folder.Load();
        var chain = new ChainSpec([new StepSpec(1, "drunet", new Dictionary<string, string> { ["weights"] = temp.File("mine.drunet"), ["shipped"] = "wide" })]);
        var error = Record.Exception(() => ChainBuilder.Build(chain, catalog, Serilog.Log.Logger).Process(NoisyFrame(32, 32)));
        Assert.NotNull(error);
        Assert.Contains("with weights=<file> leave it at its default (blind)", error.ToString(), StringComparison.Ordinal);
    }
}
