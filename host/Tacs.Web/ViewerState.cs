using Tacs.Host.Chains;
using Tacs.Host.Live;
using Tacs.Host.Plugins;

namespace Tacs.Web;

/// <summary>What the viewer serves: the plugins, the live pipeline and the chain chosen on the page.</summary>
internal sealed class ViewerState(PluginCatalog catalog, LivePipeline pipeline, ViewerOptions options)
{
    public PluginCatalog Catalog { get; } = catalog;

    public LivePipeline Pipeline { get; } = pipeline;

    public ViewerOptions Options { get; } = options;

    /// <summary>The chain for the next start, and the running one.</summary>
    public ChainSpec? Chain { get; set; }
}
