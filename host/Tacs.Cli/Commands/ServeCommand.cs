using System.CommandLine;
using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Web;

namespace Tacs.Cli.Commands;

/// <summary><c>tacs serve</c>: the live viewer in the browser, with the ingest endpoint.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Address to listen on: an IP address of this machine and a port (0 picks a free one). Anything but 127.0.0.1, ::1 or localhost needs --token.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var token = new Option<string?>("--token") { Description = "The secret every request must carry (16+ characters); by default a random one is drawn at each start. Printed with the page's address; ingest clients send it as the header X-Tacs-Token: TOKEN." };
        var tokenFile = new Option<string?>("--token-file") { Description = "Also write the secret to this file (readable by you only), for ingest clients to read." };
        var data = new Option<string>("--data") { Description = "Folder for raw stacks of acquisitions started from the page.", DefaultValueFactory = _ => "acquisitions" };
        var chain = new Option<string?>("--chain", "-c") { Description = "Initial chain, e.g. \"gaussian(sigma=1)\"." };
        var command = new Command("serve", "Serve the live viewer: raw and processed frames, counters, plugins, chain editor, acquisition control, and POST /api/ingest for frames from other software.")
        {
            url, token, tokenFile, data, chain,
        };
        CommandRunner.SetAction(command, (parse, cancellation) =>
        {
            using var session = Session.Start(parse, hotSwap: true);
            var pipeline = new LivePipeline(session.Catalog, session.Log);
            var options = new ViewerOptions { Url = parse.GetValue(url)!, Token = parse.GetValue(token), DataFolder = Path.GetFullPath(parse.GetValue(data)!) };
            var app = ViewerServer.Create(options, session.Catalog, pipeline);
            if (parse.GetValue(chain) is { } initial)
            {
                var spec = ChainSpec.Parse(initial);
                ChainBuilder.Build(spec, session.Catalog, session.Log);
                ViewerServer.SetInitialChain(app, spec);
            }

            Listen(app, options.Url, cancellation);
            if (parse.GetValue(tokenFile) is { } file)
            {
                WriteSecret(Path.GetFullPath(file), ViewerServer.Secret(app));
            }

            // The secret goes to the terminal only, not to the log (which may be a shared file).
            Console.WriteLine($"Viewer: {ViewerServer.PageAddress(app)}");
            Console.WriteLine($"Ingest clients send the header  X-Tacs-Token: {ViewerServer.Secret(app)}");
            session.Log.Information("Viewer at {Address} (Ctrl+C to stop); plugins folder watched for changes", ViewerServer.Address(app));
            try
            {
                Task.Delay(Timeout.Infinite, cancellation).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                session.Log.Information("Stopping");
            }

            var final = pipeline.StopAsync().GetAwaiter().GetResult();
            app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (final.Received > 0)
            {
                AcquireCommand.Print(final);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // Kestrel reports an address it cannot listen on as a socket error; the user gets one line naming the address.
    private static void Listen(Microsoft.AspNetCore.Builder.WebApplication app, string url, CancellationToken cancellation)
    {
        try
        {
            app.StartAsync(cancellation).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            var causes = new List<Exception>();
            for (var e = ex; e is not null; e = e.InnerException)
            {
                causes.Add(e);
            }

            var code = causes.OfType<System.Net.Sockets.SocketException>().Select(e => (System.Net.Sockets.SocketError?)e.SocketErrorCode).FirstOrDefault();
            var reason = code switch
            {
                _ when causes.Any(e => e.GetType().Name == "AddressInUseException") || code == System.Net.Sockets.SocketError.AddressAlreadyInUse
                    => "the port is in use by another program; choose another port (or 0 for a free one)",
                System.Net.Sockets.SocketError.AddressNotAvailable => "that address does not belong to this machine; use 127.0.0.1, or one of this machine's addresses",
                System.Net.Sockets.SocketError.AccessDenied => "permission denied; ports below 1024 need privileges, choose a port such as 5080",
                _ => ex.Message.TrimEnd('.'),
            };
            throw new ArgumentException($"Cannot listen on {url}: {reason}.", ex);
        }
    }

    // Readable by the user only, set before the secret is written (an existing file keeps its mode unless changed).
    private static void WriteSecret(string path, string secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            if (File.Exists(path))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.WriteLine(secret);
    }
}
