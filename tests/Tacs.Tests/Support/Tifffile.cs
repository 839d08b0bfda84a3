using System.Diagnostics;
using System.Text.Json;

namespace Tacs.Tests.Support;

/// <summary>
/// tifffile, the reference TIFF reader and writer of the Python microscopy world, as an independent check: it
/// writes the ImageJ hyperstacks and OME-TIFF files tacs reads and reads the ones tacs writes. Debian's
/// python3-tifffile package (setup.sh installs it) under the system Python; a missing package fails the test
/// with the command that installs it.
/// </summary>
internal static class Tifffile
{
    private const string Python = "/usr/bin/python3";

    // Planes hold 1000 + 1000·t + 100·z + 10·c, so a plane out of place shows in its mean.
    private const string WriteScript = """
        import sys, numpy as np, tifffile
        kind, path, axes = sys.argv[1:4]
        sizes = {'T': 2, 'Z': 3, 'C': 2, 'Y': 16, 'X': 20}
        shape = [sizes[a] for a in axes]
        index = np.indices(shape)
        data = (1000 + 1000 * index[axes.index('T')] + 100 * index[axes.index('Z')] + 10 * index[axes.index('C')]).astype(np.uint16)
        if kind == 'imagej':
            tifffile.imwrite(path, data, imagej=True, resolution=(5, 5), metadata={'axes': axes, 'unit': 'um', 'spacing': 0.5})
        else:
            tifffile.imwrite(path, data, ome=True, metadata={'axes': axes, 'PhysicalSizeX': 0.2, 'PhysicalSizeY': 0.2, 'PhysicalSizeZ': 0.5,
                'PhysicalSizeXUnit': 'µm', 'PhysicalSizeYUnit': 'µm', 'PhysicalSizeZUnit': 'µm', 'Channel': {'Name': ['DAPI', 'GFP']}})
        """;

    private const string DescribeScript = """
        import sys, json, tifffile, xml.etree.ElementTree as ET
        with tifffile.TiffFile(sys.argv[1]) as f:
            series = f.series[0]
            out = {'imagej': f.is_imagej, 'ome': f.is_ome, 'bigtiff': f.is_bigtiff, 'axes': series.axes, 'shape': list(series.shape),
                   'means': series.asarray().astype('float64').mean(axis=(-2, -1)).ravel().tolist()}
            res = f.pages[0].tags.get('XResolution')
            out['xres'] = res.value[0] / res.value[1] if res else None
            if f.is_imagej:
                md = f.imagej_metadata
                out['ij'] = {k: md[k] for k in ('channels', 'slices', 'frames', 'spacing', 'unit') if k in md}
            if f.is_ome:
                root = ET.fromstring(f.ome_metadata)
                ns = {'o': root.tag.split('}')[0][1:]}
                pixels = root.find('o:Image/o:Pixels', ns)
                out['pixels'] = dict(pixels.attrib)
                out['channels'] = [c.get('Name') for c in pixels.findall('o:Channel', ns)]
        print(json.dumps(out))
        """;

    /// <summary>Writes a 2 time points × 3 slices × 2 channels, 20×16, 16-bit stack: an ImageJ hyperstack
    /// (<paramref name="kind"/> "imagej", axes TZCYX, 0.2 µm pixels, 0.5 µm slices) or an OME-TIFF ("ome", the
    /// axes given, channels DAPI and GFP).</summary>
    public static void Write(string kind, string path, string axes) => Run(WriteScript, kind, path, axes);

    /// <summary>What tifffile reads from <paramref name="path"/>.</summary>
    public static JsonElement Describe(string path) => JsonDocument.Parse(Run(DescribeScript, path)).RootElement;

    /// <summary>The mean tifffile reads for plane (t, z, c) of a file described by <see cref="Describe"/>.</summary>
    public static double PlaneMean(JsonElement description, int t, int z, int c)
    {
        var axes = description.GetProperty("axes").GetString()!;
        var shape = description.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var flat = 0;
        for (var i = 0; i < axes.Length - 2; i++)
        {
            flat = (flat * shape[i]) + axes[i] switch { 'T' => t, 'Z' => z, 'C' => c, _ => 0 };
        }

        return description.GetProperty("means")[flat].GetDouble();
    }

    /// <summary>The value <see cref="Write"/> puts in plane (t, z, c).</summary>
    public static double Expected(int t, int z, int c) => 1000 + (1000 * t) + (100 * z) + (10 * c);

    private static string Run(string script, params string[] args)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: these tests check tacs's files with Debian's python3-tifffile (apt-get install python3-tifffile; setup.sh installs it).");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "tifffile did not finish within 2 minutes.");
        if (error.Result.Contains("No module named", StringComparison.Ordinal))
        {
            Assert.Fail($"python3-tifffile is missing ({error.Result.Trim()}): install it with apt-get install python3-tifffile (setup.sh does).");
        }

        Assert.True(process.ExitCode == 0, $"tifffile failed: {error.Result}");
        return output.Result;
    }
}
