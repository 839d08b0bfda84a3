using Tacs.BioImageIO.Packages;

namespace Tacs.BioImageIO.Runtime;

/// <summary>Runs a package's test inputs and compares the outputs with its test outputs, as <c>tacs models test</c> does.</summary>
public static class ModelTest
{
    /// <summary>Tolerance used when none is given: the largest absolute difference accepted.</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>The comparison for one output.</summary>
    /// <param name="OutputId">The output tensor.</param>
    /// <param name="Shape">Its shape.</param>
    /// <param name="MaxAbsDifference">Largest absolute difference to the expected values.</param>
    public sealed record Result(string OutputId, string Shape, double MaxAbsDifference);

    /// <summary>Runs the test tensors.</summary>
    /// <exception cref="PackageException">Test tensors missing or damaged, or the output shape differs from the expected one.</exception>
    public static IReadOnlyList<Result> Run(ModelRunner runner)
    {
        var package = runner.Package;
        var inputs = package.Description.Inputs.Select(package.ReadTestTensor).ToList();
        var outputs = runner.Run(inputs);
        var results = new List<Result>();
        for (var i = 0; i < package.Description.Outputs.Count; i++)
        {
            var expected = package.ReadTestTensor(package.Description.Outputs[i]);
            if (i >= outputs.Count || !outputs[i].Shape.SequenceEqual(expected.Shape))
            {
                throw new PackageException($"{package.Location}: output '{package.Description.Outputs[i].Id}' has shape {(i < outputs.Count ? outputs[i].DescribeShape() : "(none)")}, the test output {expected.DescribeShape()}.");
            }

            results.Add(new Result(package.Description.Outputs[i].Id, expected.DescribeShape(), outputs[i].MaxAbsDifference(expected)));
        }

        return results;
    }
}
