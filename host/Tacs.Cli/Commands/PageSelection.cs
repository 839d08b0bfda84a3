using System.Globalization;

namespace Tacs.Cli.Commands;

/// <summary>Reads <c>--pages</c>: <c>all</c>, or 1-based pages and ranges such as <c>1,3-5</c>.</summary>
internal static class PageSelection
{
    /// <summary>0-based page indices in the order given, or null for every page.</summary>
    /// <exception cref="ArgumentException">The text is not a list of positive page numbers and ranges.</exception>
    public static IReadOnlyList<int>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var pages = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2 || !bounds.All(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1))
            {
                throw new ArgumentException($"--pages '{text}': '{part}' is not a page number (1, 2, …) or a range such as 3-5; write e.g. all, 1 or 1,3-5.");
            }

            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var last = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (last < first || last - first > 100000)
            {
                throw new ArgumentException($"--pages '{text}': range '{part}' runs backwards or is too long.");
            }

            for (var p = first; p <= last; p++)
            {
                if (!pages.Contains(p - 1))
                {
                    pages.Add(p - 1);
                }
            }
        }

        return pages.Count > 0 ? pages : throw new ArgumentException($"--pages '{text}' names no page; write e.g. all, 1 or 1,3-5.");
    }
}
