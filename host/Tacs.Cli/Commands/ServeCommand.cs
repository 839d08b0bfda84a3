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
        var url = new Option<string>("--url") { Description = "Address to listen on. Anything but 127.0.0.1/localhost needs --token.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var token = new Option<string?>("--token") { Description = "Access token (16+ characters) required from the page (/?token=...) and from ingest clients (Authorization: Bearer ...)." };
        var data = new Option<string>("--data") { Description = "Folder for raw stacks of acquisitions started from the page.", DefaultValueFactory = _ => "acquisitions" };
        var chain = new Option<string?>("--chain", "-c") { Description = "Initial chain, e.g. \"gaussian(sigma=1)\"." };
        var command = new Command("serve", "Serve the live viewer: raw and processed frames, counters, plugins, chain editor, acquisition control, and POST /api/ingest for frames from other software.")
        {
            url, token, data, chain,
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

            app.StartAsync(cancellation).GetAwaiter().GetResult();
            var address = ViewerServer.Address(app);
            session.Log.Information("Viewer at {Address}{Token} (Ctrl+C to stop); plugins folder watched for changes", address, options.Token is null ? string.Empty : "/?token=...");
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
}
