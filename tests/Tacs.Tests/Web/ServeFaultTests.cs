using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary>The fault set through the viewer: frames pushed to the ingest endpoint meet a throw and a hang that
/// ignores cancellation; every raw frame is saved and every other frame processed.</summary>
public sealed class ServeFaultTests
{
    [Fact]
    public async Task AThrowAndAHangCostTheirFramesOnlyAndEveryRawFrameIsSaved()
    {
        using var folders = new PluginFolders();
        folders.AddTestPlugin("Faults");
        using var catalog = folders.Load();
        using var data = new TempFolder();
        await using var viewer = await ViewerHost.StartAsync(catalog, data.Path);
        using var http = viewer.CreateClient();
        await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" });
        (await http.PostAsJsonAsync("/api/chain", new { chain = "failon(frame=1) | hang(frame=3, ms=60000)" })).EnsureSuccessStatusCode();

        for (var i = 1; i <= 6; i++)
        {
            (await http.PostAsync("/api/ingest?width=4&height=2&format=u16", new ByteArrayContent(new byte[16]))).EnsureSuccessStatusCode();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (viewer.Pipeline.Status() is var s && s.Processed + s.PassedUnprocessed < i)
            {
                Assert.True(DateTime.UtcNow < deadline, $"frame {i} did not leave the chain");
                await Task.Delay(20);
            }
        }

        var live = JsonNode.Parse(await http.GetStringAsync("/api/status"))!["live"]!;
        Assert.Equal((6, 6, 4, 2), ((int)live["received"]!, (int)live["saved"]!, (int)live["processed"]!, (int)live["passedUnprocessed"]!));
        Assert.Equal(1, (int)live["steps"]![0]!["failed"]!);
        Assert.Equal((1, 1), ((int)live["steps"]![1]!["timedOut"]!, (int)live["steps"]![1]!["abandoned"]!));
        var status = await viewer.Pipeline.StopAsync();
        Assert.Equal(6, status.Saved);
    }
}
