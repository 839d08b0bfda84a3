using Microsoft.AspNetCore.Builder;
using Tacs.Host.Live;
using Tacs.Host.Plugins;
using Tacs.Web;

namespace Tacs.Tests.Support;

/// <summary>A real viewer server on a free loopback port, over a plugins folder of the test's choosing.</summary>
internal sealed class ViewerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewerHost(WebApplication app, LivePipeline pipeline)
    {
        _app = app;
        Pipeline = pipeline;
        Address = ViewerServer.Address(app);
        Token = ViewerServer.Secret(app);
        PageAddress = ViewerServer.PageAddress(app);
    }

    public LivePipeline Pipeline { get; }

    /// <summary>The server's address, without the secret.</summary>
    public string Address { get; }

    /// <summary>The per-run secret.</summary>
    public string Token { get; }

    /// <summary>The address a user opens: with the secret.</summary>
    public string PageAddress { get; }

    public static async Task<ViewerHost> StartAsync(PluginCatalog catalog, string dataFolder, string? token = null, TimeSpan? ingestGrace = null)
    {
        var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        var options = new ViewerOptions { Url = "http://127.0.0.1:0", Token = token, DataFolder = dataFolder };
        var app = ViewerServer.Create(ingestGrace is { } grace ? options with { IngestGrace = grace } : options, catalog, pipeline);
        await app.StartAsync();
        return new ViewerHost(app, pipeline);
    }

    /// <summary>A client that sends the secret as ingest clients do.</summary>
    public HttpClient CreateClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(Address) };
        http.DefaultRequestHeaders.Add("X-Tacs-Token", Token);
        return http;
    }

    /// <summary>A client without the secret, as any other program or web page would be.</summary>
    public HttpClient CreateAnonymousClient() => new() { BaseAddress = new Uri(Address) };

    public async ValueTask DisposeAsync()
    {
        await Pipeline.StopAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
