using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenCvSharp;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;

namespace Tacs.Web;

/// <summary>
/// The viewer's stack browser: a TIFF file's channels, z-slices and time points (<c>GET /api/stack</c>) and any
/// plane of it as a PNG, one channel in its colour or all channels of a slice and time point as a composite
/// (<c>GET /api/stack/plane.png</c>). Channels take Fiji's composite colours (red, green, blue, grey, cyan,
/// magenta, yellow); each is scaled to its own 0.1–99.9 percentiles, and the composite adds them.
/// </summary>
internal static class StackEndpoints
{
    /// <summary>Channel colours as (blue, green, red), OpenCV's order, cycling after seven.</summary>
    private static readonly (double B, double G, double R)[] Colours =
        [(0, 0, 1), (0, 1, 0), (1, 0, 0), (1, 1, 1), (1, 1, 0), (1, 0, 1), (0, 1, 1)];

    /// <summary>The colours as CSS, for the page's legend.</summary>
    public static string Css(int channel)
    {
        var (b, g, r) = Colours[channel % Colours.Length];
        return $"rgb({(int)(r * 255)},{(int)(g * 255)},{(int)(b * 255)})";
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/stack", (string? path) => Describe(path));
        app.MapGet("/api/stack/plane.png", (string? path, int? c, int? z, int? t, bool? composite, int? max) => Plane(path, c ?? 0, z ?? 0, t ?? 0, composite ?? false, max ?? 1024));
    }

    private static IResult Describe(string? path) => WithStack(path, image =>
    {
        var layout = image.Layout;
        return Results.Json(new
        {
            path = image.Path,
            image.Width,
            image.Height,
            pages = image.PageCount,
            container = layout.Container.ToString(),
            layout.Channels,
            layout.Slices,
            layout.TimePoints,
            order = layout.DimensionOrder,
            channelNames = Enumerable.Range(0, layout.Channels).Select(c => c < layout.ChannelNames.Count ? layout.ChannelNames[c] : null),
            colours = Enumerable.Range(0, layout.Channels).Select(Css),
            pixelSizeMicrons = layout.PixelWidthMicrons,
            sliceSpacingMicrons = layout.SliceSpacingMicrons,
        });
    });

    private static IResult Plane(string? path, int c, int z, int t, bool composite, int max) => WithStack(path, image =>
    {
        var layout = image.Layout;
        if (c < 0 || c >= layout.Channels || z < 0 || z >= layout.Slices || t < 0 || t >= layout.TimePoints)
        {
            return Error($"c={c}, z={z}, t={t} is outside the stack ({layout.Channels} channel(s), {layout.Slices} slice(s), {layout.TimePoints} time point(s); counted from 0).");
        }

        var channels = composite ? Enumerable.Range(0, layout.Channels) : [c];
        using var colour = new Mat(image.Height, image.Width, MatType.CV_32FC3, Scalar.All(0));
        foreach (var channel in channels)
        {
            var frame = image.ReadPage(layout.PageOf(channel, z, t));
            var (png, low, high) = FrameRenderer.Render(frame, null, null, int.MaxValue);
            using var grey = Cv2.ImDecode(png, ImreadModes.Grayscale);
            using var unit = new Mat();
            grey.ConvertTo(unit, MatType.CV_32FC1, 1.0 / 255);
            var (b, g, r) = Colours[channel % Colours.Length];
            using var tinted = new Mat();
            using Mat blue = unit * b, green = unit * g, red = unit * r;
            Cv2.Merge([blue, green, red], tinted);
            Cv2.Add(colour, tinted, colour);
        }

        using var bytes = new Mat();
        colour.ConvertTo(bytes, MatType.CV_8UC3, 255);
        using var small = new Mat();
        var factor = Math.Min(1.0, (double)Math.Clamp(max, 16, 4096) / Math.Max(image.Width, image.Height));
        Cv2.Resize(bytes, small, new Size(Math.Max(1, (int)(image.Width * factor)), Math.Max(1, (int)(image.Height * factor))), interpolation: InterpolationFlags.Area);
        Cv2.ImEncode(".png", small, out var encoded);
        return Results.File(encoded, "image/png");
    });

    // Opens the file for one request; a missing or unreadable file is a 400 naming what was wrong.
    private static IResult WithStack(string? path, Func<IImageSource, IResult> use)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return Error("'path' is missing: give the TIFF file to browse, as in /api/stack?path=/data/cells.ome.tif.");
        }

        try
        {
            using var image = ImageFiles.Open(path);
            return use(image);
        }
        catch (ImageReadException ex)
        {
            return Error(ex.Message);
        }
    }

    private static IResult Error(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
}
