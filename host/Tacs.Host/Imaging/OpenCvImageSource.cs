using OpenCvSharp;
using Tacs.Sdk.Frames;

namespace Tacs.Host.Imaging;

/// <summary>PNG and JPEG input through OpenCV: 8- or 16-bit, grey or colour (converted to grey with a note).</summary>
internal sealed class OpenCvImageSource : IImageSource
{
    private readonly ImageFrame _frame;
    private readonly List<string> _notes;

    private OpenCvImageSource(string path, ImageFrame frame, List<string> notes)
    {
        Path = path;
        _frame = frame;
        _notes = notes;
    }

    public string Path { get; }

    public int PageCount => 1;

    public int Width => _frame.Width;

    public int Height => _frame.Height;

    public SampleFormat Format => _frame.SourceFormat;

    public IReadOnlyList<string> Notes => _notes;

    public Dimensions.StackLayout Layout { get; } = Dimensions.StackLayout.Flat(1);

    public static OpenCvImageSource Open(string path, ImageReadOptions options)
    {
        using var image = Cv2.ImRead(path, ImreadModes.Unchanged);
        if (image.Empty())
        {
            throw new ImageReadException(path, "cannot be decoded as PNG or JPEG (damaged, truncated, or not an image).");
        }

        if ((long)image.Width * image.Height > options.MaxPixelsPerPage)
        {
            throw new ImageReadException(path, $"{image.Width}×{image.Height} pixels is above the limit of {options.MaxPixelsPerPage / 1e6:F0} Mpx.");
        }

        var notes = new List<string>();
        using var grey = new Mat();
        switch (image.Channels())
        {
            case 1:
                image.CopyTo(grey);
                break;
            case 3:
                Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
                notes.Add("colour image converted to grey (0.299 R + 0.587 G + 0.114 B)");
                break;
            case 4:
                Cv2.CvtColor(image, grey, ColorConversionCodes.BGRA2GRAY);
                notes.Add("colour image converted to grey (0.299 R + 0.587 G + 0.114 B), alpha dropped");
                break;
            default:
                throw new ImageReadException(path, $"{image.Channels()} channels are not supported.");
        }

        var format = grey.Depth() switch
        {
            MatType.CV_8U => SampleFormat.UInt8,
            MatType.CV_16U => SampleFormat.UInt16,
            _ => throw new ImageReadException(path, $"unsupported pixel depth {grey.Depth()}; use 8- or 16-bit images."),
        };

        using var floats = new Mat();
        grey.ConvertTo(floats, MatType.CV_32FC1);
        var pixels = new float[grey.Width * grey.Height];
        floats.GetArray(out float[] data);
        data.CopyTo(pixels, 0);
        var frame = new ImageFrame(grey.Width, grey.Height, pixels, format);
        frame.Metadata.Source = path;
        return new OpenCvImageSource(path, frame, notes);
    }

    public ImageFrame ReadPage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
        return _frame.Clone();
    }

    public void Dispose()
    {
    }
}
