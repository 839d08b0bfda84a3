using Microsoft.AspNetCore.Builder;
using Tacs.Host.Live;
using Tacs.Host.Plugins;
using Tacs.Web;

namespace Tacs.Tests.Support;

/// <summary>A real viewer server on a free loopback port, over a plugins folder of the test's choosing.</summary>
internal sealed class ViewerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ViewerHost(WebApplication app, LivePipeline pipeline, string address)
    {
        _app = app;
        Pipeline = pipeline;
        Address = address;
    }

    public LivePipeline Pipeline { get; }

    public string Address { get; }

    public static async Task<ViewerHost> StartAsync(PluginCatalog catalog, string dataFolder, string? token = null)
    {
        var pipeline = new LivePipeline(catalog, Serilog.Log.Logger);
        var app = ViewerServer.Create(new ViewerOptions { Url = "http://127.0.0.1:0", Token = token, DataFolder = dataFolder }, catalog, pipeline);
        await app.StartAsync();
        return new ViewerHost(app, pipeline, ViewerServer.Address(app));
    }

    public async ValueTask DisposeAsync()
    {
        await Pipeline.StopAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
