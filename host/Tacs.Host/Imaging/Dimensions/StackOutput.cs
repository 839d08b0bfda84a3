namespace Tacs.Host.Imaging.Dimensions;

/// <summary>
/// Decides how a processed stack records its dimensions: in the input's format (OME-TIFF stays OME-TIFF, anything
/// else becomes an ImageJ stack or hyperstack), as OME-TIFF when the output is named <c>.ome.tif</c>, or as asked.
/// ImageJ stores hyperstacks channel fastest, then z, then time; an OME input in another DimensionOrder written as
/// ImageJ is written in that order, so the output lists which input page each output page comes from.
/// </summary>
public static class StackOutput
{
    /// <summary>True for <c>.ome.tif</c> and <c>.ome.tiff</c>.</summary>
    /// <param name="path">A file path.</param>
    public static bool IsOmeName(string path) =>
        path.EndsWith(".ome.tif", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ome.tiff", StringComparison.OrdinalIgnoreCase);

    /// <summary>The output's layout and, for each output page, the input page it holds.</summary>
    /// <param name="input">The input's layout.</param>
    /// <param name="asked">The container asked for (<c>--format</c>), or null for the default.</param>
    /// <param name="target">The output file.</param>
    public static (StackLayout Layout, IReadOnlyList<int> SourcePages) Plan(StackLayout input, StackContainer? asked, string target)
    {
        var container = asked ?? (IsOmeName(target) || input.Container == StackContainer.Ome ? StackContainer.Ome : StackContainer.ImageJ);
        if (container == StackContainer.Plain)
        {
            container = StackContainer.ImageJ;
        }

        var layout = input with { Container = container };
        if (container == StackContainer.ImageJ)
        {
            layout = layout with { DimensionOrder = StackLayout.DefaultOrder };
        }

        var pages = new int[layout.Pages];
        for (var page = 0; page < pages.Length; page++)
        {
            var (c, z, t) = layout.PositionOf(page);
            pages[page] = input.PageOf(c, z, t);
        }

        return (layout, pages);
    }
}
