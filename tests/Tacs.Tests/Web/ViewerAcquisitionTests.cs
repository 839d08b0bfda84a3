using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tacs.Host.Imaging;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary>Acquisitions started from the page end by themselves when their source does, with a complete file.</summary>
public sealed class ViewerAcquisitionTests
{
    [Fact]
    public async Task ASimulatedRunWithAFrameCountFinishesAndCompletesItsStackWithoutStop()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/acquisition/start", new { source = "sim", size = 32, fps = 0, frames = 40 })).StatusCode);
        var status = await WaitUntilStoppedAsync(http);

        var raw = (string)status["live"]!["rawOutput"]!;
        Assert.Equal((40, 40), ((int)status["live"]!["received"]!, (int)status["live"]!["saved"]!));
        Assert.True(File.Exists(raw), $"{raw} was left unfinished");
        Assert.Empty(Directory.GetFiles(data.Path, "*.partial"));
        using var saved = ImageFiles.Open(raw);
        Assert.Equal(40, saved.PageCount);

        // Stop after the end changes nothing, and a new run can start.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/acquisition/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/acquisition/start", new { source = "sim", size = 32, fps = 0, frames = 3, save = false })).StatusCode);
        await WaitUntilStoppedAsync(http);
    }

    [Fact]
    public async Task AReplayFinishesAtTheEndOfItsStack()
    {
        using var folders = new PluginFolders();
        using var catalog = folders.Load();
        using var data = new TempFolder();
        var stack = data.File("input.tif");
        using (var writer = new TiffStackWriter(stack, pageCount: 5))
        {
            for (var i = 0; i < 5; i++)
            {
                writer.Write(new Tacs.Sdk.Frames.ImageFrame(8, 8, [.. Enumerable.Repeat((float)i, 64)], Tacs.Sdk.Frames.SampleFormat.UInt16));
            }

            writer.Complete();
        }

        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/acquisition/start", new { source = "replay", input = stack, fps = 0 })).StatusCode);
        var status = await WaitUntilStoppedAsync(http);

        using var saved = ImageFiles.Open((string)status["live"]!["rawOutput"]!);
        Assert.Equal(5, saved.PageCount);
        Assert.Equal(4f, saved.ReadPage(4).Pixels[0]);
    }

    private static async Task<JsonNode> WaitUntilStoppedAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = JsonNode.Parse(await http.GetStringAsync("/api/status"))!;
            if (!(bool)status["running"]! && !(bool)status["finishing"]!)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "The acquisition did not finish on its own within 30 s: " + status["live"]!.ToJsonString());
            await Task.Delay(100);
        }
    }
}
