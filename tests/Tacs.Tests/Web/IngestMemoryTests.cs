using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Tacs.Tests.Support;
using Xunit.Abstractions;

namespace Tacs.Tests.Web;

/// <summary>
/// Ingest under hostile load: a thousand concurrent requests that declare the largest frame and never send it,
/// or send a little and stall, over real loopback sockets to a real <c>tacs serve</c> process.
/// </summary>
public sealed class IngestMemoryTests(ITestOutputHelper output)
{
    private const int BadRequests = 1000;

    // What the server may grow by during the attack. Allocating what the headers claim would take 256 MiB per request.
    private const long AllowedGrowth = 256L * 1024 * 1024;

    [Fact]
    public async Task AThousandConcurrentBadRequestsLeaveMemoryBoundedAndTheServerAnswering()
    {
        using var data = new TempFolder();
        // A cap on the server's GC heap: were the bound ever broken, the test fails rather than exhausting the machine.
        using var server = await ServeProcess.StartAsync(data.Path, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x80000000" });
        using var http = server.CreateClient(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/acquisition/start", new { source = "ingest" })).StatusCode);
        // No frame yet: the first accepted frame would fix the size, and the attack's frames must be allowed to be the largest.
        await http.GetStringAsync("/api/status");
        await Task.Delay(1000);
        var before = server.Memory().Resident;
        var heapBefore = await GcHeapAsync(http);
        server.ResetPeak();

        var port = new Uri(server.Address).Port;
        var sockets = new List<Socket>();
        var answered = Stopwatch.StartNew();
        long peak;
        long heapPeak = 0;
        try
        {
            for (var batch = 0; batch < BadRequests; batch += 50)
            {
                sockets.AddRange(await Task.WhenAll(Enumerable.Range(batch, 50).Select(i => AttackAsync(port, i % 10, server.Token))));
            }

            // While all of them are open, the server answers its page's requests.
            answered.Restart();
            var status = await http.GetAsync("/api/status");
            answered.Stop();
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);

            // Fresh memory that is allocated but not yet written is not resident, so the GC heap is watched too.
            for (var i = 0; i < 20; i++)
            {
                heapPeak = Math.Max(heapPeak, await GcHeapAsync(http));
                await Task.Delay(100);
            }

            peak = server.Memory().Peak;

            // The requests without the secret were answered 401 without their body being read.
            var reply = new byte[64];
            sockets[0].ReceiveTimeout = 10_000;
            var n = sockets[0].Receive(reply);
            Assert.StartsWith("HTTP/1.1 401", Encoding.ASCII.GetString(reply, 0, n));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        var grown = peak - before;
        var heapGrown = heapPeak - heapBefore;
        output.WriteLine($"tacs serve resident memory: {before >> 20} MiB before, peak {peak >> 20} MiB during {BadRequests} bad requests (+{grown >> 20} MiB); " +
            $"GC heap {heapBefore >> 20} MiB before, at most {heapPeak >> 20} MiB (+{heapGrown >> 20} MiB); /api/status answered in {answered.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(grown < AllowedGrowth, $"tacs serve's resident memory grew by {grown >> 20} MiB (from {before >> 20} MiB) under {BadRequests} bad requests; allowed {AllowedGrowth >> 20} MiB.");
        Assert.True(heapGrown < AllowedGrowth, $"tacs serve's GC heap grew by {heapGrown >> 20} MiB (from {heapBefore >> 20} MiB) under {BadRequests} bad requests; allowed {AllowedGrowth >> 20} MiB.");
        Assert.True(answered.Elapsed < TimeSpan.FromSeconds(10), $"/api/status took {answered.Elapsed.TotalSeconds:F1} s under attack.");
        Assert.False(server.HasExited);

        // Once they are gone, a good frame is taken and saved.
        var good = await http.PostAsync("/api/ingest?width=512&height=512&format=u16", new ByteArrayContent(new byte[512 * 512 * 2]));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Contains("\"saved\":true", await good.Content.ReadAsStringAsync());
    }

    private static async Task<long> GcHeapAsync(HttpClient http) =>
        (long)System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/status"))!["server"]!["gcHeapBytes"]!;

    // Kinds: 0 no secret; 1-4 headers only, declaring 256 MiB; 5-7 256 MiB declared, 64 KiB sent, then silence;
    // 8-9 chunked, one 64 KiB chunk, then silence.
    private static async Task<Socket> AttackAsync(int port, int kind, string token)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var header = new StringBuilder()
            .Append("POST /api/ingest?width=8192&height=8192&format=f32 HTTP/1.1\r\n")
            .Append($"Host: 127.0.0.1:{port}\r\n")
            .Append(kind == 0 ? string.Empty : $"X-Tacs-Token: {token}\r\n")
            .Append(kind >= 8 ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {8192L * 8192 * 4}\r\n")
            .Append("Content-Type: application/octet-stream\r\n\r\n");
        await socket.SendAsync(Encoding.ASCII.GetBytes(header.ToString()));
        var some = new byte[64 * 1024];
        if (kind is >= 5 and <= 7)
        {
            await socket.SendAsync(some);
        }
        else if (kind >= 8)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"{some.Length:x}\r\n"));
            await socket.SendAsync(some);
            await socket.SendAsync("\r\n"u8.ToArray());
        }

        return socket;
    }
}
