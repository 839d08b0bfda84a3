using Tacs.Host.Synthetic;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Live;

/// <summary>Settings of the simulated camera.</summary>
public sealed record SimulatedCameraOptions
{
    /// <summary>Frame width and height in pixels.</summary>
    public int Size { get; init; } = 512;

    /// <summary>8- or 16-bit frames.</summary>
    public SampleFormat Format { get; init; } = SampleFormat.UInt16;

    /// <summary>Frames per second; 0 = as fast as possible.</summary>
    public double FramesPerSecond { get; init; } = 100;

    /// <summary>Frames to produce; 0 = until stopped.</summary>
    public long Frames { get; init; }

    /// <summary>Brightest expected signal in grey levels.</summary>
    public double Peak { get; init; } = 1500;

    /// <summary>Camera noise.</summary>
    public NoiseModel Noise { get; init; } = new(Gain: 2, ReadNoise: 20, Offset: 100);

    /// <summary>Random seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Size is < 16 or > 8192)
        {
            throw new ArgumentException($"Simulated frame size {Size} must be 16–8192 pixels.");
        }

        if (Format == SampleFormat.Float32)
        {
            throw new ArgumentException("A simulated camera produces 8- or 16-bit frames.");
        }

        if (FramesPerSecond is < 0 or > 10000 || Frames < 0)
        {
            throw new ArgumentException("Frame rate must be 0–10000 frames/s and the frame count ≥ 0.");
        }
    }
}

/// <summary>
/// A camera that produces synthetic fluorescence frames at a fixed rate. A handful of noisy frames of a
/// drifting scene are made up front, since drawing and adding noise to a 2048×2048 frame takes longer than
/// a camera's 10 ms; each delivered frame is a fresh copy with its own index and time.
/// </summary>
public sealed class SimulatedCamera : IFrameSource
{
    private const int Variants = 8;
    private readonly SimulatedCameraOptions _options;
    private readonly float[][] _variants;

    /// <summary>Creates the camera and renders its frames.</summary>
    /// <param name="options">Settings.</param>
    public SimulatedCamera(SimulatedCameraOptions options)
    {
        options.Validate();
        _options = options;
        var random = new Random(options.Seed);
        var size = options.Size;
        var max = options.Format == SampleFormat.UInt8 ? 255f : 65535f;
        var scale = options.Format == SampleFormat.UInt8 ? 200 / (options.Peak + options.Noise.Offset) : 1;
        var scene = FluorescenceScene.Draw(size, size, options.Peak, random);
        _variants = new float[Variants][];
        for (var v = 0; v < Variants; v++)
        {
            var noisy = new float[scene.Length];
            options.Noise.Apply(scene, noisy, random);
            for (var i = 0; i < noisy.Length; i++)
            {
                noisy[i] = Math.Clamp(MathF.Round((float)(noisy[i] * scale)), 0, max);
            }

            _variants[v] = noisy;
        }
    }

    /// <inheritdoc />
    public string Description =>
        $"simulated camera {_options.Size}×{_options.Size} {_options.Format.BitDepth()}-bit at {(_options.FramesPerSecond > 0 ? $"{_options.FramesPerSecond:G} frames/s" : "full speed")}" +
        (_options.Frames > 0 ? $", {_options.Frames} frames" : string.Empty);

    /// <summary>The pixels of frame <paramref name="index"/>, as delivered.</summary>
    /// <param name="index">Frame index.</param>
    public float[] PixelsOf(long index) => _variants[index % Variants];

    /// <inheritdoc />
    public void Run(Action<ImageFrame> deliver, CancellationToken cancellation)
    {
        var pacer = new Pacer(_options.FramesPerSecond);
        for (long i = 0; (_options.Frames == 0 || i < _options.Frames) && !cancellation.IsCancellationRequested; i++)
        {
            pacer.WaitFor(i, cancellation);
            var frame = new ImageFrame(_options.Size, _options.Size, (float[])PixelsOf(i).Clone(), _options.Format);
            frame.Metadata.FrameIndex = i;
            frame.Metadata.Timestamp = DateTimeOffset.UtcNow;
            frame.Metadata.Source = "simulated camera";
            frame.Metadata.ExposureMilliseconds = _options.FramesPerSecond > 0 ? 1000 / _options.FramesPerSecond : null;
            deliver(frame);
        }
    }
}
