using System.Net;
using System.Text.Json.Nodes;
using OpenCvSharp;
using Tacs.Host.Imaging;
using Tacs.Host.Imaging.Dimensions;
using Tacs.Sdk.Frames;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary>The viewer's stack browser: a hyperstack's channels in their colours (composite or one at a time), and
/// stepping through z and time, through the API and in a real headless browser.</summary>
public sealed class StackViewerTests
{
    private const int Size = 32;

    private static readonly StackLayout Layout = new()
    {
        Container = StackContainer.Ome,
        Channels = 2,
        Slices = 3,
        TimePoints = 2,
        ChannelNames = ["DAPI", "GFP"],
    };

    [Fact]
    public async Task TheApiDescribesTheStackAndDrawsEachChannelInItsColourAtTheAskedZAndTime()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        var path = WriteStack(data.File("cells.ome.tif"));
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();

        var info = JsonNode.Parse(await http.GetStringAsync("/api/stack?path=" + Uri.EscapeDataString(path)))!;
        Assert.Equal((2, 3, 2, "XYCZT", "Ome"), ((int)info["channels"]!, (int)info["slices"]!, (int)info["timePoints"]!, (string)info["order"]!, (string)info["container"]!));
        Assert.Equal(["DAPI", "GFP"], info["channelNames"]!.AsArray().Select(n => (string)n!));

        // Composite at z=2, t=1: channel 1 (red) marks rows 16–23 on the left, channel 2 (green) rows 16–31 on the right.
        using (var composite = await Plane(http, path, "c=0&z=2&t=1&composite=true"))
        {
            Assert.Equal((255, 0, 0), Rgb(composite, 20, 4));
            Assert.Equal((0, 255, 0), Rgb(composite, 28, 24));
            Assert.Equal((0, 0, 0), Rgb(composite, 4, 4));
        }

        // One channel: green alone, at z=0 and t=0 its square is at the top.
        using (var green = await Plane(http, path, "c=1&z=0&t=0"))
        {
            Assert.Equal((0, 255, 0), Rgb(green, 4, 24));
            Assert.Equal((0, 0, 0), Rgb(green, 4, 4));
        }

        var outside = await http.GetAsync($"/api/stack/plane.png?path={Uri.EscapeDataString(path)}&c=2");
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("outside the stack (2 channel(s), 3 slice(s), 2 time point(s)", await outside.Content.ReadAsStringAsync());
        var missing = await http.GetAsync("/api/stack?path=" + Uri.EscapeDataString(data.File("nothing.tif")));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("file not found", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.CreateAnonymousClient().GetAsync("/api/stack?path=" + Uri.EscapeDataString(path))).StatusCode);
    }

    [Fact]
    public async Task ThePageOpensAStackShowsItsChannelsAndStepsThroughZ()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        var path = WriteStack(data.File("cells.ome.tif"));
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        await using var browser = await HeadlessBrowser.StartAsync();
        await browser.NavigateAsync(viewer.PageAddress);

        await browser.EvaluateAsync($"document.getElementById('stack-path').value = {System.Text.Json.JsonSerializer.Serialize(path)}; document.getElementById('stack-open').click(); true");
        await browser.WaitForAsync("!document.getElementById('stack-controls').hidden && document.getElementById('stack-plane').naturalWidth === 32", TimeSpan.FromSeconds(15));
        var legend = (string)(await browser.EvaluateAsync("document.getElementById('stack-legend').innerText"))!;
        Assert.Contains("DAPI", legend);
        Assert.Contains("GFP", legend);
        Assert.Contains("2 channel(s) × 3 slice(s) × 2 time point(s)", (string)(await browser.EvaluateAsync("document.getElementById('stack-info').textContent"))!);

        // Step to z = 3 of 3: the red square moves down to rows 16–23.
        await browser.EvaluateAsync("const z = document.getElementById('stack-z'); z.value = '2'; z.dispatchEvent(new Event('input')); true");
        await browser.WaitForAsync("document.getElementById('stack-plane').dataset.plane === 'all,2,0' && document.getElementById('stack-z-text').textContent === '3/3'", TimeSpan.FromSeconds(15));
        await browser.WaitForAsync(PixelIs(4, 20, "255,0,0"), TimeSpan.FromSeconds(15));
        await browser.WaitForAsync(PixelIs(4, 4, "0,0,0"), TimeSpan.FromSeconds(5));
    }

    // Reads a pixel of the shown plane through a canvas, in the page.
    private static string PixelIs(int x, int y, string rgb) =>
        "(() => { const img = document.getElementById('stack-plane'); if (!img.complete || img.naturalWidth !== 32) return false; "
        + "const canvas = document.createElement('canvas'); canvas.width = 32; canvas.height = 32; const g = canvas.getContext('2d'); g.drawImage(img, 0, 0); "
        + $"const p = g.getImageData({x}, {y}, 1, 1).data; return `${{p[0]}},${{p[1]}},${{p[2]}}` === '{rgb}'; }})()";

    private static async Task<Mat> Plane(HttpClient http, string path, string query)
    {
        var response = await http.GetAsync($"/api/stack/plane.png?path={Uri.EscapeDataString(path)}&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Cv2.ImDecode(await response.Content.ReadAsByteArrayAsync(), ImreadModes.Color);
    }

    private static (int R, int G, int B) Rgb(Mat image, int row, int column)
    {
        var p = image.At<Vec3b>(row, column);
        return (p.Item2, p.Item1, p.Item0);
    }

    // Channel 1: a square on the left whose rows follow z (8 per slice); channel 2: one on the right whose rows follow t.
    private static string WriteStack(string path)
    {
        using var writer = new TiffStackWriter(path, Layout.Pages, new TiffWriteOptions { Layout = Layout });
        for (var page = 0; page < Layout.Pages; page++)
        {
            var (c, z, t) = Layout.PositionOf(page);
            var pixels = new float[Size * Size];
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var on = c == 0 ? x < 16 && y >= z * 8 && y < (z * 8) + 8 : x >= 16 && y >= t * 16 && y < (t * 16) + 16;
                    pixels[(y * Size) + x] = on ? 1000 : 0;
                }
            }

            writer.Write(new ImageFrame(Size, Size, pixels, SampleFormat.UInt16));
        }

        writer.Complete();
        return path;
    }
}
