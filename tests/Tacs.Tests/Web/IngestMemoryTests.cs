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
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/ingest?width=8192&height=8192&format=u8", new ByteArrayContent(new byte[8192 * 8192]))).StatusCode);
        await Task.Delay(1000);
        var before = server.Memory().Resident;
        server.ResetPeak();

        var port = new Uri(server.Address).Port;
        var sockets = new List<Socket>();
        var answered = Stopwatch.StartNew();
        long peak;
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
            await Task.Delay(2000);
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
        output.WriteLine($"tacs serve resident memory: {before / (1 << 20)} MiB before, peak {peak / (1 << 20)} MiB during {BadRequests} bad requests (+{grown / (1 << 20)} MiB); /api/status answered in {answered.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(grown < AllowedGrowth, $"tacs serve grew by {grown / (1 << 20)} MiB (from {before / (1 << 20)} MiB) under {BadRequests} bad requests; allowed {AllowedGrowth / (1 << 20)} MiB.");
        Assert.True(answered.Elapsed < TimeSpan.FromSeconds(10), $"/api/status took {answered.Elapsed.TotalSeconds:F1} s under attack.");
        Assert.False(server.HasExited);

        // Once they are gone, a good frame is taken again.
        var good = await http.PostAsync("/api/ingest?width=8192&height=8192&format=u8", new ByteArrayContent(new byte[8192 * 8192]));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

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
