using System.Net;
using System.Net.Sockets;
using Tacs.Tests.Support;

namespace Tacs.Tests.Web;

/// <summary><c>tacs serve</c> from the command line: addresses it cannot use, and how it hands out its secret.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("http://[::ffff:127.0.0.1]:5080", "write http://127.0.0.1:5080 instead")]
    [InlineData("http://192.0.2.1:5080", "that address does not belong to this machine")]
    [InlineData("http://example.com:5080", "not the host name 'example.com'")]
    [InlineData("garbage", "'garbage' is not an http:// address")]
    [InlineData("http://127.0.0.1:70000", "is not an http:// address")]
    public void ABadUrlGetsOneClearLine(string url, string expected)
    {
        using var data = new TempFolder();
        var (code, _, error) = CliRunner.Run("serve", "--url", url, "--token", "a-long-enough-secret-token", "--data", data.Path, "--plugins", data.Path);

        Assert.Equal(1, code);
        var line = Assert.Single(error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("Unhandled", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void APortInUseIsNamed()
    {
        using var data = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var (code, _, error) = CliRunner.Run("serve", "--url", url, "--data", data.Path, "--plugins", data.Path);

        Assert.Equal(1, code);
        Assert.Contains($"error: Cannot listen on {url}: the port is in use by another program", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task TheSecretIsPrintedWithTheAddressAndWrittenToAFileOnlyTheUserCanRead()
    {
        using var data = new TempFolder();
        var file = data.File("token");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(Repo.AppFolder, "tacs.dll"), "serve", "--url", "http://127.0.0.1:0", "--data", data.Path, "--plugins", data.Path, "--token-file", file })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            var page = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
            var ingest = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var secret = File.ReadAllText(file).Trim();

            Assert.Matches("^[0-9a-f]{64}$", secret);
            Assert.Matches($"^Viewer: http://127\\.0\\.0\\.1:[0-9]+/\\?token={secret}$", page);
            Assert.Equal($"Ingest clients send the header  X-Tacs-Token: {secret}", ingest);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            using var http = new HttpClient();
            var address = new Uri(page!["Viewer: ".Length..]).GetLeftPart(UriPartial.Authority);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(address + "/api/status")).StatusCode);
            http.DefaultRequestHeaders.Add("X-Tacs-Token", secret);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(address + "/api/status")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
