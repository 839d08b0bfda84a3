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

        await browser.NavigateAsync(viewer.Address + "/");

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
}
