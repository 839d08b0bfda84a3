using System.Numerics;
using OpenCvSharp;
using OpenCvSharp.XImgProc;

namespace Tacs.Collagen.Features;

/// <summary>
/// The fibre mask, its skeleton (Zhang–Suen thinning) and the fibres traced on it: the skeleton is cut at
/// branch points and every remaining piece at least the minimum length long is one fibre.
/// </summary>
internal sealed class FibreNetwork
{
    private static readonly (int Dx, int Dy)[] Neighbours = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)];

    private FibreNetwork(byte[] mask, byte[] skeleton, IReadOnlyList<TracedFibre> fibres, int endPoints, int branchPoints, long skeletonPixels)
    {
        Mask = mask;
        Skeleton = skeleton;
        Fibres = fibres;
        EndPoints = endPoints;
        BranchPoints = branchPoints;
        SkeletonPixels = skeletonPixels;
    }

    public byte[] Mask { get; }

    public byte[] Skeleton { get; }

    public IReadOnlyList<TracedFibre> Fibres { get; }

    public int EndPoints { get; }

    public int BranchPoints { get; }

    public long SkeletonPixels { get; }

    public static FibreNetwork Trace(byte[] mask, int width, int height, int minLength)
    {
        using var binary = Mat.FromPixelData(height, width, MatType.CV_8UC1, mask);
        using var scaled = new Mat();
        binary.ConvertTo(scaled, MatType.CV_8U, 255);
        using var thin = new Mat();
        CvXImgProc.Thinning(scaled, thin, ThinningTypes.ZHANGSUEN);
        thin.GetArray(out byte[] skeleton);
        for (var i = 0; i < skeleton.Length; i++)
        {
            skeleton[i] = skeleton[i] != 0 ? (byte)1 : (byte)0;
        }

        var neighbourCount = new byte[skeleton.Length];
        int ends = 0, branches = 0;
        long pixels = 0;
        var pieces = new byte[skeleton.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                if (skeleton[i] == 0)
                {
                    continue;
                }

                pixels++;
                var n = CrossingNumber(skeleton, width, height, x, y);
                neighbourCount[i] = (byte)n;
                if (n == 1)
                {
                    ends++;
                }

                pieces[i] = 1;
            }
        }

        // A junction is often two or three adjacent branch pixels: count clusters, not pixels.
        var counted = new byte[skeleton.Length];
        for (var i = 0; i < skeleton.Length; i++)
        {
            if (neighbourCount[i] >= 3 && counted[i] == 0)
            {
                branches++;
                MarkCluster(neighbourCount, counted, width, height, i);
            }
        }

        // Cut the skeleton at branch points and their neighbours: the arms of a crossing touch diagonally
        // next to its centre, so removing the centre alone would leave them joined.
        for (var i = 0; i < skeleton.Length; i++)
        {
            if (neighbourCount[i] >= 3)
            {
                var (x, y) = (i % width, i / width);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if (x + dx >= 0 && y + dy >= 0 && x + dx < width && y + dy < height)
                        {
                            pieces[((y + dy) * width) + x + dx] = 0;
                        }
                    }
                }
            }
        }

        var fibres = TracePieces(pieces, mask, width, height, minLength);
        return new FibreNetwork(mask, skeleton, fibres, ends, branches, pixels);
    }

    /// <summary>Half the number of 0/1 changes around the 8-neighbourhood: 1 at an end, 2 along a line, 3 or more at
    /// a branch. Unlike a neighbour count it is not fooled by the corners of a staircase.</summary>
    private static int CrossingNumber(byte[] skeleton, int width, int height, int x, int y)
    {
        ReadOnlySpan<(int Dx, int Dy)> ring = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)];
        var changes = 0;
        var previous = At(skeleton, width, height, x + ring[7].Dx, y + ring[7].Dy);
        foreach (var (dx, dy) in ring)
        {
            var current = At(skeleton, width, height, x + dx, y + dy);
            if (current != previous)
            {
                changes++;
            }

            previous = current;
        }

        return changes / 2;
    }

    private static void MarkCluster(byte[] crossings, byte[] counted, int width, int height, int start)
    {
        var stack = new Stack<int>();
        stack.Push(start);
        counted[start] = 1;
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            foreach (var (dx, dy) in Neighbours)
            {
                var (x, y) = ((i % width) + dx, (i / width) + dy);
                if (x >= 0 && y >= 0 && x < width && y < height && crossings[(y * width) + x] >= 3 && counted[(y * width) + x] == 0)
                {
                    counted[(y * width) + x] = 1;
                    stack.Push((y * width) + x);
                }
            }
        }
    }

    private static List<TracedFibre> TracePieces(byte[] pieces, byte[] mask, int width, int height, int minLength)
    {
        using var pieceMat = Mat.FromPixelData(height, width, MatType.CV_8UC1, pieces);
        using var labelMat = new Mat();
        var count = Cv2.ConnectedComponents(pieceMat, labelMat, PixelConnectivity.Connectivity8, MatType.CV_32S);
        labelMat.GetArray(out int[] labels);
        var members = new List<int>[count];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] > 0)
            {
                (members[labels[i]] ??= []).Add(i);
            }
        }

        var fibres = new List<TracedFibre>();
        var visited = new bool[labels.Length];
        for (var label = 1; label < count; label++)
        {
            var pixels = members[label];
            if (pixels is null || pixels.Count < minLength)
            {
                continue;
            }

            var path = Walk(pixels, labels, label, visited, width, height);
            if (path.Count >= minLength)
            {
                fibres.Add(Measure(path, mask, width, height));
            }
        }

        return fibres;
    }

    private static List<Vector2> Walk(List<int> pixels, int[] labels, int label, bool[] visited, int width, int height)
    {
        var start = pixels[0];
        foreach (var i in pixels)
        {
            if (CountSame(labels, label, width, height, i) <= 1)
            {
                start = i;
                break;
            }
        }

        var path = new List<Vector2>(pixels.Count);
        var current = start;
        while (current >= 0)
        {
            visited[current] = true;
            path.Add(new Vector2(current % width, current / width));
            var next = -1;
            foreach (var (dx, dy) in Neighbours)
            {
                var (x, y) = ((current % width) + dx, (current / width) + dy);
                if (x >= 0 && y >= 0 && x < width && y < height && labels[(y * width) + x] == label && !visited[(y * width) + x])
                {
                    next = (y * width) + x;
                    break; // orthogonal neighbours come first, so corner pixels are not skipped
                }
            }

            current = next;
        }

        return path;
    }

    private static int CountSame(int[] labels, int label, int width, int height, int i)
    {
        var n = 0;
        foreach (var (dx, dy) in Neighbours)
        {
            var (x, y) = ((i % width) + dx, (i / width) + dy);
            if (x >= 0 && y >= 0 && x < width && y < height && labels[(y * width) + x] == label)
            {
                n++;
            }
        }

        return n;
    }

    private static TracedFibre Measure(List<Vector2> path, byte[] mask, int width, int height)
    {
        const int stride = 3;
        var length = 0.0;
        var last = 0;
        for (var i = stride; i < path.Count; i += stride)
        {
            length += Vector2.Distance(path[i], path[i - stride]);
            last = i;
        }

        length += Vector2.Distance(path[^1], path[last]);
        var endToEnd = Vector2.Distance(path[0], path[^1]);
        if (endToEnd <= 1.5 && path.Count > 8)
        {
            length += endToEnd; // a closed loop: add the closing step
            endToEnd = 0;
        }

        return new TracedFibre(path, length, endToEnd, PrincipalAngle(path), FibreWidth.Median(path, mask, width, height));
    }

    private static double PrincipalAngle(List<Vector2> path)
    {
        double mx = 0, my = 0;
        foreach (var p in path)
        {
            mx += p.X;
            my += p.Y;
        }

        mx /= path.Count;
        my /= path.Count;
        double cxx = 0, cyy = 0, cxy = 0;
        foreach (var p in path)
        {
            var (dx, dy) = (p.X - mx, p.Y - my);
            cxx += dx * dx;
            cyy += dy * dy;
            cxy += dx * dy;
        }

        var angle = 0.5 * Math.Atan2(2 * cxy, cxx - cyy);
        return angle <= -Math.PI / 2 ? angle + Math.PI : angle;
    }

    private static bool At(byte[] image, int width, int height, int x, int y) =>
        x >= 0 && y >= 0 && x < width && y < height && image[(y * width) + x] != 0;
}
