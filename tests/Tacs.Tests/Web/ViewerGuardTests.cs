using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary>
/// Who may drive the viewer on loopback: the secret on every request, the Host and Origin checks that stop DNS
/// rebinding and cross-site posts, and the headers that stop framing. Real server, real sockets.
/// </summary>
public sealed class ViewerGuardTests
{
    [Fact]
    public async Task EveryRequestNeedsTheSecretEvenOnLoopback()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var anonymous = viewer.CreateAnonymousClient();

        Assert.Matches("^[0-9a-f]{64}$", viewer.Token);
        HttpResponseMessage[] refused =
        [
            await anonymous.GetAsync("/"),
            await anonymous.GetAsync("/api/status"),
            await anonymous.GetAsync($"/api/status?token={viewer.Token}x"),
            await anonymous.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" }),
            await anonymous.PostAsJsonAsync("/api/chain", new { chain = "" }),
            await anonymous.PostAsync("/api/acquisition/stop", null),
            await anonymous.PostAsync("/api/ingest?width=1&height=1&format=u8", new ByteArrayContent([1])),
        ];
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("X-Tacs-Token", await Error(response));
        }

        Assert.False(viewer.Pipeline.IsRunning);

        // The secret works as a header, as a bearer token and in the page's address.
        using var http = viewer.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/status")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", viewer.Token);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/status")).StatusCode);
        var page = await new HttpClient().GetAsync(viewer.PageAddress);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<meta name=\"tacs-token\" content=\"{viewer.Token}\">", await page.Content.ReadAsStringAsync());
        var cookie = page.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TwoRunsHaveDifferentSecrets()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var first = await ViewerHost.StartAsync(catalog, data.Path);
        await using var second = await ViewerHost.StartAsync(catalog, data.Path);
        Assert.NotEqual(first.Token, second.Token);
        using var http = new HttpClient { BaseAddress = new Uri(second.Address) };
        http.DefaultRequestHeaders.Add("X-Tacs-Token", first.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/status")).StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("127.0.0.1.nip.io:{port}")]
    public async Task AForeignHostIsRefusedAsDnsRebinding(string host)
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();

        // A rebinding page has no secret, but it must not even get the refusal's reasons beyond this: the Host is checked first.
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Host = host.Replace("{port}", new Uri(viewer.Address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("DNS rebinding", await Error(response));
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());

        foreach (var loopback in new[] { "127.0.0.1", "localhost" })
        {
            var good = new HttpRequestMessage(HttpMethod.Get, "/api/status");
            good.Headers.Host = $"{loopback}:{new Uri(viewer.Address).Port}";
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(good)).StatusCode);
        }
    }

    [Fact]
    public async Task CrossSiteFormAndTextPostsAreRefusedEvenWithTheSecret()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" })).StatusCode);

        // What a hostile page's <form> and fetch(..., {mode: "no-cors"}) send: Origin names the other site.
        var stop = new HttpRequestMessage(HttpMethod.Post, "/api/acquisition/stop") { Content = new FormUrlEncodedContent([]) };
        stop.Headers.Add("Origin", "http://evil.example");
        var stopped = await http.SendAsync(stop);
        var inject = new HttpRequestMessage(HttpMethod.Post, "/api/ingest?width=2&height=1&format=u8") { Content = new StringContent("ab") };
        inject.Headers.Add("Origin", "http://evil.example");
        var injected = await http.SendAsync(inject);
        var nullOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/acquisition/stop");
        nullOrigin.Headers.Add("Origin", "null");
        var sandboxed = await http.SendAsync(nullOrigin);

        foreach (var response in new[] { stopped, injected, sandboxed })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("Requests from other web pages are refused", await Error(response));
        }

        Assert.True(viewer.Pipeline.IsRunning);
        Assert.Equal(0, viewer.Pipeline.Status().Received);

        // The page's own requests carry its own origin and pass.
        var own = new HttpRequestMessage(HttpMethod.Post, "/api/ingest?width=2&height=1&format=u8") { Content = new ByteArrayContent([1, 2]) };
        own.Headers.Add("Origin", viewer.Address);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task EveryAnswerForbidsFramingAndSniffing()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();

        foreach (var response in new[] { await new HttpClient().GetAsync(viewer.PageAddress), await http.GetAsync("/api/status"), await http.GetAsync("/api/frames/raw.png"), await viewer.CreateAnonymousClient().GetAsync("/") })
        {
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.CacheControl!.NoStore);
        }
    }

    private static async Task<string> Error(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
}
