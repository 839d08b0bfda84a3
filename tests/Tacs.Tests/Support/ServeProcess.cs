using System.Diagnostics;
using System.Globalization;

namespace Tacs.Tests.Support;

/// <summary>
/// <c>tacs serve</c> as a user runs it: its own process on a free loopback port, so that its memory can be read
/// from outside (/proc) without the test process's own allocations mixed in.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, string address, string token)
    {
        _process = process;
        Address = address;
        Token = token;
    }

    public string Address { get; }

    public string Token { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and waits for the line with its address and secret.</summary>
    /// <param name="dataFolder">Folder for raw stacks.</param>
    /// <param name="environment">Extra environment variables, such as a GC heap limit.</param>
    public static async Task<ServeProcess> StartAsync(string dataFolder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var program = Path.Combine(Repo.AppFolder, "tacs.dll");
        Assert.True(File.Exists(program), $"{program} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { program, "serve", "--url", "http://127.0.0.1:0", "--data", dataFolder, "--plugins", Path.Combine(dataFolder, "no-plugins") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("TACS_PLUGINS");
        start.Environment.Remove("TACS_MODELS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var lines = new List<string>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                if (line.StartsWith("Viewer: ", StringComparison.Ordinal))
                {
                    ready.TrySetResult(line["Viewer: ".Length..]);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (started != ready.Task)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("tacs serve did not print its address within 90 s:\n" + string.Join('\n', lines));
        }

        var page = new Uri(ready.Task.Result);
        var token = Uri.UnescapeDataString(page.Query["?token=".Length..]);
        return new ServeProcess(process, page.GetLeftPart(UriPartial.Authority), token);
    }

    /// <summary>A client that sends the secret.</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = new Uri(Address), Timeout = timeout };
        http.DefaultRequestHeaders.Add("X-Tacs-Token", Token);
        return http;
    }

    /// <summary>Resident memory now and at its peak since <see cref="ResetPeak"/>, in bytes (Linux /proc).</summary>
    public (long Resident, long Peak) Memory()
    {
        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                resident = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }

        return (resident, peak);
    }

    /// <summary>Starts measuring the peak afresh (writing 5 to clear_refs resets VmHWM). Where /proc does not allow it,
    /// the peak keeps counting from the start, which can only overstate growth.</summary>
    public void ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Id}/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Measured from the start instead: stricter, never laxer.
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
