using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tacs.Host.Imaging;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary>What the ingest endpoint answers: 200 only for a frame that is in the raw stack, the reason otherwise.</summary>
public sealed class IngestTests
{
    [Fact]
    public async Task FramesOfAnotherSizeOrFormatAreRefusedWithTheReasonAndNothingElseIsLost()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" })).StatusCode);

        var first = await http.PostAsync("/api/ingest?width=4&height=2&format=u16", new ByteArrayContent(new byte[16]));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True((bool)(await Json(first))["saved"]!);

        (string Query, int Bytes, string Expected)[] others =
        [
            ("width=3&height=3&format=u16", 18, "this acquisition's frames are 4×2 u16 (fixed by its first frame), but this one is 3×3 u16"),
            ("width=4&height=2&format=u8", 8, "but this one is 4×2 u8"),
            ("width=2&height=4&format=u16", 16, "but this one is 2×4 u16"),
        ];
        foreach (var (query, bytes, expected) in others)
        {
            var response = await http.PostAsync("/api/ingest?" + query, new ByteArrayContent(new byte[bytes]));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains(expected, (string)(await Json(response))["error"]!);
        }

        var second = await http.PostAsync("/api/ingest?width=4&height=2&format=u16", new ByteArrayContent([.. Enumerable.Range(0, 16).Select(i => (byte)i)]));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, (int)(await Json(second))["index"]!);

        var status = await viewer.Pipeline.StopAsync();
        Assert.Equal((2L, 2L), (status.Received, status.Saved));
        Assert.Empty(status.Errors);
        using var saved = ImageFiles.Open(status.RawOutput!);
        Assert.Equal(2, saved.PageCount);
        Assert.Equal(BitConverter.ToUInt16([2, 3]), saved.ReadPage(1).Pixels[1]);
    }

    [Fact]
    public async Task FramesUpToTheDocumentedMaximumArriveWithOrWithoutALength()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        http.Timeout = TimeSpan.FromMinutes(5);
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" });

        // One byte more than the frame is refused with the reason (before any frame fixed the size), and so is a frame over the maximum.
        var longer = new HttpRequestMessage(HttpMethod.Post, "/api/ingest?width=4&height=1&format=u8") { Content = new StreamContent(new MemoryStream(new byte[5])) };
        longer.Headers.TransferEncodingChunked = true;
        var refused = await http.SendAsync(longer);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("longer than the 4 bytes that 4×1 u8 needs", (string)(await Json(refused))["error"]!);
        var tooMany = await http.PostAsync("/api/ingest?width=8193&height=8192&format=u8", new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 67108864 pixels", (string)(await Json(tooMany))["error"]!);

        // 2^26 pixels, the documented maximum: 64 MiB as u8, over Kestrel's default 30 MB body limit.
        var side = 8192;
        var body = new byte[side * side];
        body[^1] = 200;
        body[12345] = 7;
        var withLength = await http.PostAsync($"/api/ingest?width={side}&height={side}&format=u8", new ByteArrayContent(body));
        Assert.Equal(HttpStatusCode.OK, withLength.StatusCode);

        // The same frame sent chunked (no Content-Length), as a streaming client would.
        var chunked = new StreamContent(new MemoryStream(body));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingest?width={side}&height={side}&format=u8") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var withoutLength = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, withoutLength.StatusCode);
        Assert.Equal(1, (int)(await Json(withoutLength))["index"]!);

        var status = await viewer.Pipeline.StopAsync();
        Assert.Equal((2L, 2L), (status.Received, status.Saved));
        using var saved = ImageFiles.Open(status.RawOutput!);
        var page = saved.ReadPage(1);
        Assert.Equal((side, side), (page.Width, page.Height));
        Assert.Equal((200f, 7f), (page.Pixels[^1], page.Pixels[12345]));
    }

    [Fact]
    public async Task AFrameCountGivenAtStartEndsTheAcquisitionAndCompletesItsFile()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest", frames = 2 });

        var first = await Json(await http.PostAsync("/api/ingest?width=2&height=2&format=u8", new ByteArrayContent([1, 2, 3, 4])));
        Assert.False((bool)first["complete"]!);
        var last = await http.PostAsync("/api/ingest?width=2&height=2&format=u8", new ByteArrayContent([5, 6, 7, 8]));
        Assert.True((bool)(await Json(last))["complete"]!);

        // The answer to the last frame comes once the file is complete.
        Assert.False(viewer.Pipeline.IsRunning);
        var raw = viewer.Pipeline.Status().RawOutput!;
        Assert.True(File.Exists(raw), $"{raw} was not completed");
        Assert.Empty(Directory.GetFiles(data.Path, "*.partial"));
        using (var saved = ImageFiles.Open(raw))
        {
            Assert.Equal(2, saved.PageCount);
        }

        var after = await http.PostAsync("/api/ingest?width=2&height=2&format=u8", new ByteArrayContent([9, 9, 9, 9]));
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
        Assert.Contains("No acquisition is running", (string)(await Json(after))["error"]!);
    }

    [Fact]
    public async Task ABodyThatArrivesTooSlowlyIsAnswered408AndHoldsNothing()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        // A short grace, so that tacs's deadline comes before Kestrel's own minimum data rate (240 bytes/s after 5 s) cuts the connection.
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path, ingestGrace: TimeSpan.FromMilliseconds(500));
        using var http = viewer.CreateClient();
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" });

        // A raw connection: the sender writes the head and 1 KB of an 8 KB frame, then stalls, and reads what it is told.
        var address = new Uri(viewer.Address);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/ingest?width=64&height=64&format=u16 HTTP/1.1\r\nHost: {address.Authority}\r\nX-Tacs-Token: {viewer.Token}\r\n" +
            "Content-Type: application/octet-stream\r\nContent-Length: 8192\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[1024]);
        using var reader = new StreamReader(stream);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = await reader.ReadToEndAsync(wait.Token);
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("did not arrive within 0.5 s", answer, StringComparison.Ordinal);

        // The place it held is free again, and a frame sent at full speed is the acquisition's first.
        var next = await http.PostAsync("/api/ingest?width=64&height=64&format=u16", new ByteArrayContent(new byte[64 * 64 * 2]));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(0, (int)(await Json(next))["index"]!);
        var status = await viewer.Pipeline.StopAsync();
        Assert.Equal(1L, status.Saved);
    }

    [Fact]
    public async Task IngestIntoAnAcquisitionWithItsOwnSourceIsRefused()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "sim", size = 16, fps = 5, save = false });

        var response = await http.PostAsync("/api/ingest?width=16&height=16&format=u16", new ByteArrayContent(new byte[512]));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("not from the ingest endpoint", (string)(await Json(response))["error"]!);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
