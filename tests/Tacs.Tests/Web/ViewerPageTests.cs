using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary>The viewer page in a real headless Chromium against a real server.</summary>
public sealed class ViewerPageTests
{
    [Fact]
    public async Task FramesAppearAndUpdateAParameterChangeTakesEffectAndAFailedPluginIsShown()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Kit");
        folders.AddTestPlugin("Throwing");
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        await using var browser = await HeadlessBrowser.StartAsync();

        await browser.NavigateAsync(viewer.PageAddress);

        // The page has its secret; the address bar no longer shows it.
        await browser.WaitForAsync("location.search === ''", TimeSpan.FromSeconds(10));

        // The failed plugin is listed with its reason.
        await browser.WaitForAsync("document.querySelector('#plugins tr[data-state=failed]') !== null", TimeSpan.FromSeconds(10));
        var failed = (string)(await browser.EvaluateAsync("document.querySelector('#plugins tr[data-state=failed]').innerText"))!;
        Assert.Contains("model file missing", failed);

        // Build a chain in the editor from the declared parameters, apply it, start the simulated camera.
        await browser.EvaluateAsync("document.getElementById('add-plugin').value = 'offset'; document.getElementById('add-step').click(); true");
        await browser.EvaluateAsync("document.getElementById('apply-chain').click(); true");
        await browser.WaitForAsync("document.getElementById('chain-text').textContent === 'offset'", TimeSpan.FromSeconds(10));
        await browser.EvaluateAsync("document.getElementById('size').value = '64'; document.getElementById('fps').value = '30'; document.getElementById('start').click(); true");

        // Frames appear and update.
        await browser.WaitForAsync("document.getElementById('state').textContent === 'running'", TimeSpan.FromSeconds(10));
        await browser.WaitForAsync("document.getElementById('raw').naturalWidth === 64 && document.getElementById('processed').naturalWidth === 64", TimeSpan.FromSeconds(15));
        var first = (int)(await browser.EvaluateAsync("Number(document.getElementById('raw-index').textContent.slice(1))"))!;
        await browser.WaitForAsync($"Number(document.getElementById('raw-index').textContent.slice(1)) > {first + 5}", TimeSpan.FromSeconds(15));
        await browser.WaitForAsync("document.getElementById('provenance').textContent.includes('test.offset@1.0.0(amount=1')", TimeSpan.FromSeconds(10));

        // Change a parameter on the page: later frames carry it.
        await browser.EvaluateAsync("""
            { const input = document.querySelector('input[data-step="0"][data-param="amount"]');
              input.value = '250'; input.dispatchEvent(new Event('input', { bubbles: true }));
              document.getElementById('apply-chain').click(); } true
            """);
        await browser.WaitForAsync("document.getElementById('provenance').textContent.includes('amount=250')", TimeSpan.FromSeconds(15));

        // A bad value is refused with the reason shown on the page, and the running chain is kept.
        await browser.EvaluateAsync("""
            { const input = document.querySelector('input[data-step="0"][data-param="amount"]');
              input.value = '5000'; input.dispatchEvent(new Event('input', { bubbles: true }));
              document.getElementById('apply-chain').click(); } true
            """);
        await browser.WaitForAsync("document.getElementById('errors').textContent.includes('above the maximum 1000')", TimeSpan.FromSeconds(10));
        Assert.Equal("offset(amount=250)", viewer.Pipeline.Status().Chain);

        await browser.ScreenshotAsync(Path.Combine(Path.GetTempPath(), "tacs-viewer-test.png"));
        await browser.EvaluateAsync("document.getElementById('stop').click(); true");
        await browser.WaitForAsync("document.getElementById('state').textContent === 'stopped'", TimeSpan.FromSeconds(15));
        var status = viewer.Pipeline.Status();
        Assert.Equal(status.Received, status.Saved);
        Assert.True(status.Received > 5);
    }

    [Fact]
    public async Task APageFromAnotherOriginCanNeitherReadTheSecretNorDriveTheViewer()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        await http.PostAsync("/api/acquisition/start", System.Net.Http.Json.JsonContent.Create(new { source = "ingest" }));
        await using var browser = await HeadlessBrowser.StartAsync();

        // The user opens the viewer (which sets its same-site cookie) and reloads it without the token in the address.
        await browser.NavigateAsync(viewer.PageAddress);
        await browser.WaitForAsync("location.search === '' && document.getElementById('state').textContent === 'running'", TimeSpan.FromSeconds(10));
        await browser.EvaluateAsync("location.reload(); true");
        await browser.WaitForAsync("document.readyState === 'complete' && document.getElementById('state').textContent === 'running'", TimeSpan.FromSeconds(10));
        Assert.Equal(viewer.Token, (string?)await browser.EvaluateAsync("document.querySelector('meta[name=\"tacs-token\"]').content"));

        // Another site in the same browser: here another port on 127.0.0.1, the closest a page can get (same site,
        // so even the cookie is sent; another origin all the same).
        var hostile = WebApplication.CreateSlimBuilder();
        hostile.WebHost.UseUrls("http://127.0.0.1:0");
        await using var site = hostile.Build();
        site.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Text("<!doctype html><title>other site</title><body>hello</body>", "text/html"));
        await site.StartAsync();
        await browser.NavigateAsync(site.Urls.First() + "/");

        var read = (string?)await browser.EvaluateAsync($$"""
            fetch("{{viewer.Address}}/", { credentials: "include" }).then(r => r.text()).catch(e => "blocked: " + e.name)
            """);
        Assert.StartsWith("blocked", read);
        await browser.EvaluateAsync($$"""
            fetch("{{viewer.Address}}/api/acquisition/stop", { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body: "x" }).then(() => true, () => true)
            """);
        await browser.EvaluateAsync($$"""
            fetch("{{viewer.Address}}/api/ingest?width=2&height=1&format=u8", { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body: "ab" }).then(() => true, () => true)
            """);
        await browser.EvaluateAsync($$"""
            { const f = document.createElement("form"); f.method = "POST"; f.action = "{{viewer.Address}}/api/acquisition/stop"; document.body.append(f); f.submit(); } true
            """);
        await browser.WaitForAsync("document.readyState === 'complete' && location.href.includes('/api/acquisition/stop')", TimeSpan.FromSeconds(10));
        Assert.Contains("Requests from other web pages are refused", (string?)await browser.EvaluateAsync("document.body.innerText"));

        Assert.True(viewer.Pipeline.IsRunning);
        Assert.Equal(0, viewer.Pipeline.Status().Received);
    }
}
