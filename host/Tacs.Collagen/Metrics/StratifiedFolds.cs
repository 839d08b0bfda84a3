namespace Tacs.Collagen.Metrics;

/// <summary>Seeded stratified splits: every class is spread over the parts in proportion to its size.</summary>
public static class StratifiedFolds
{
    /// <summary>A stratified train/test split.</summary>
    /// <param name="labels">Class of each example.</param>
    /// <param name="testFraction">Fraction of each class held out, 0–1 exclusive.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>Indices of the training and test examples.</returns>
    public static (int[] Train, int[] Test) Split(IReadOnlyList<string> labels, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentException($"Test fraction {testFraction} must lie strictly between 0 and 1.");
        }

        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in ByClass(labels))
        {
            var shuffled = Shuffle(group, random);
            var held = (int)Math.Round(shuffled.Length * testFraction);
            held = Math.Clamp(held, shuffled.Length > 1 ? 1 : 0, Math.Max(0, shuffled.Length - 1));
            test.AddRange(shuffled[..held]);
            train.AddRange(shuffled[held..]);
        }

        return ([.. train.Order()], [.. test.Order()]);
    }

    /// <summary>Stratified k-fold: the fold (0 … k−1) of every example.</summary>
    /// <param name="labels">Class of each example.</param>
    /// <param name="k">Number of folds, 2 or more, at most the size of the smallest class.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <exception cref="ArgumentException">k is below 2 or a class has fewer than k examples.</exception>
    public static int[] KFold(IReadOnlyList<string> labels, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var groups = ByClass(labels).ToArray();
        if (k < 2 || groups.Any(g => g.Count < k))
        {
            throw new ArgumentException($"Stratified {k}-fold needs k ≥ 2 and at least k examples of every class (smallest class: {(groups.Length == 0 ? 0 : groups.Min(g => g.Count))}).");
        }

        var random = new Random(seed);
        var fold = new int[labels.Count];
        var start = 0;
        foreach (var group in groups)
        {
            var shuffled = Shuffle(group, random);
            for (var i = 0; i < shuffled.Length; i++)
            {
                // Continuing the rotation across classes keeps the fold sizes within one of each other.
                fold[shuffled[i]] = (start + i) % k;
            }

            start = (start + shuffled.Length) % k;
        }

        return fold;
    }

    private static IEnumerable<List<int>> ByClass(IReadOnlyList<string> labels) =>
        Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToList());

    private static int[] Shuffle(List<int> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }
}
