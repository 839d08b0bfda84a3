using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tacs.Host.Imaging;
using Tacs.Tests.Support;
using Tacs.Web;

namespace Tacs.Tests.Web;

/// <summary>The viewer's HTTP API: ingest, tokens and errors, against a real server on loopback.</summary>
public sealed class ViewerApiTests
{
    [Fact]
    public async Task IngestRejectsMalformedFramesClearlyAndAcceptsTheNextGoodOne()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Kit");
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();

        var notRunning = await http.PostAsync("/api/ingest?width=2&height=2&format=u16", new ByteArrayContent(new byte[8]));
        Assert.Equal(HttpStatusCode.Conflict, notRunning.StatusCode);
        Assert.Contains("No acquisition is running", await notRunning.Content.ReadAsStringAsync());

        var started = await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        await http.PostAsJsonAsync("/api/chain", new { chain = "offset(amount=3)" });

        (string Query, byte[] Body, string Expected)[] bad =
        [
            ("width=4&height=2&format=u16", new byte[15], "the body has 15 bytes but 4×2 u16 needs 16"),
            ("width=4&format=u16", new byte[16], "'height' is missing"),
            ("width=4&height=2&format=u12", new byte[16], "format 'u12' is not u8, u16 or f32"),
            ("width=100000&height=100000&format=u8", new byte[1], "at most"),
            ("width=1&height=1&format=f32", BitConverter.GetBytes(float.NaN), "NaN"),
            ("width=2&height=1&format=u8&exposure=-3", new byte[2], "'exposure' is not a positive number"),
        ];
        foreach (var (query, body, expected) in bad)
        {
            var response = await http.PostAsync("/api/ingest?" + query, new ByteArrayContent(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
        }

        var pixels = new ushort[] { 1, 2, 3, 4000, 5, 6, 7, 65535 };
        var good = await http.PostAsync("/api/ingest?width=4&height=2&format=u16&exposure=10", new ByteArrayContent([.. pixels.SelectMany(BitConverter.GetBytes)]));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(0, (int)JsonNode.Parse(await good.Content.ReadAsStringAsync())!["index"]!);

        var status = await viewer.Pipeline.StopAsync();
        Assert.Equal((1L, 1L), (status.Received, status.Saved));
        using var saved = ImageFiles.Open(status.RawOutput!);
        Assert.Equal(pixels.Select(p => (float)p), saved.ReadPage(0).Pixels);
        Assert.Equal(4003f, viewer.Pipeline.LatestProcessed!.Pixels[3]);
    }

    [Fact]
    public async Task WithATokenEveryRequestMustCarryIt()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        const string token = "a-long-enough-secret-token";
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path, token);
        using var http = viewer.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/ingest?width=1&height=1&format=u8", new ByteArrayContent([1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/status?token=wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/status?token={token}")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", null, "give an access token")]
    [InlineData("http://192.0.2.1:5080", "short", "at least 16 characters")]
    [InlineData("ftp://127.0.0.1", null, "is not an http:// address")]
    [InlineData("http://[::ffff:127.0.0.1]:5080", null, "write http://127.0.0.1:5080 instead")]
    [InlineData("http://example.com:5080", "a-long-enough-secret-token", "not the host name 'example.com'")]
    [InlineData("https://127.0.0.1:5080", null, "plain http")]
    [InlineData("http://127.0.0.1:5080/viewer", null, "without a path")]
    public void AddressesReachableFromOtherMachinesNeedATokenAndBadAddressesAreNamed(string url, string? token, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ViewerOptions { Url = url, Token = token }.Validate());
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task FramesAreServedAsPngWithTheirDisplayRange()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/frames/raw.png")).StatusCode);
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "sim", size = 2048, fps = 0, frames = 2, save = false });
        await viewer.Pipeline.SourceCompletion;

        var png = await http.GetAsync("/api/frames/raw.png?max=512&low=100&high=2000");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal("100", png.Headers.GetValues("X-Display-Low").Single());
        using var image = OpenCvSharp.Cv2.ImDecode(await png.Content.ReadAsByteArrayAsync(), OpenCvSharp.ImreadModes.Unchanged);
        Assert.Equal((512, 512), (image.Width, image.Height));
        Assert.Contains("Unknown frame", await (await http.GetAsync("/api/frames/other.png")).Content.ReadAsStringAsync());
    }
}

/// <summary>A plugin replaced on disk during a run shows up in the viewer's status.</summary>
public sealed class ViewerHotSwapTests
{
    [Fact]
    public async Task TheStatusShowsTheSwappedVersionMidRun()
    {
        using var folders = new PluginFolders();
        var folder = folders.AddTestPlugin("Swap.V1", "Swap");
        using var catalog = folders.Load(hotSwap: true);
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        await http.PostAsJsonAsync("/api/chain", new { chain = "swap" });
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "sim", size = 32, fps = 50 });

        PluginFolders.CopyInto(Repo.TestPlugin("Swap.V2"), folder);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonNode status;
        do
        {
            await Task.Delay(100);
            status = JsonNode.Parse(await http.GetStringAsync("/api/status"))!;
        }
        while (!((string?)status["latestProcessed"]?["provenance"]?[0])!.StartsWith("test.swap@2.0.0", StringComparison.Ordinal) && DateTime.UtcNow < deadline);

        Assert.StartsWith("test.swap@2.0.0", (string)status["latestProcessed"]!["provenance"]![0]!);
        Assert.Equal(2, (int)status["plugins"]![0]!["generation"]!);
        Assert.Equal("2.0.0", (string)status["live"]!["steps"]![0]!["pluginVersion"]!);
        Assert.True((bool)status["running"]!);
    }
}
