using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace Tacs.Torch.Training;

/// <summary>
/// Adam (Kingma and Ba 2015) with the same update, in the same order of native operations, as libtorch's Adam
/// without weight decay. TorchSharp's own <c>optim.Adam</c> passes its coefficients as native Scalars that nothing
/// holds (see <see cref="Arithmetic"/>); a collection on another thread during <c>step()</c> failed it within
/// seconds in a test. Here every coefficient is held for the whole call.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private const string Magic = "TACS-ADAM";
    private const int FormatVersion = 1;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;

    /// <summary>Optimises <paramref name="parameters"/> starting with zero moments.</summary>
    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters.ToArray();
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Step size used by the next <see cref="Step"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>Updates taken so far (also after <see cref="Load"/>).</summary>
    public long Steps { get; private set; }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        // Each read of .grad makes a wrapper; the scope releases them (the gradients stay with their parameters).
        using var scope = NewDisposeScope();
        foreach (var p in _parameters)
        {
            p.grad?.zero_();
        }
    }

    /// <summary>One Adam update of every parameter that has a gradient.</summary>
    public void Step()
    {
        Steps++;
        var correction1 = 1 - Math.Pow(Beta1, Steps);
        var correction2 = 1 - Math.Pow(Beta2, Steps);
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var gradientWeight = (1 - Beta1).ToScalar();
        using var squareWeight = (1 - Beta2).ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var one = 1.ToScalar();
        using var stepSize = (-LearningRate / correction1).ToScalar();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var scope = NewDisposeScope();
            var gradient = _parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            _firstMoments[i].mul_(beta1).add_(gradient, gradientWeight);
            _secondMoments[i].mul_(beta2).addcmul_(gradient, gradient, squareWeight);
            var denominator = _secondMoments[i].sqrt().div_(rootCorrection2).add_(epsilon, one);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    /// <summary>Writes the step count and both moments of every parameter.</summary>
    public void Save(string path)
    {
        // Written beside and moved into place (as the weights file), so a crash mid-write leaves the last whole state.
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Steps);
            writer.Write(_parameters.Length);
            foreach (var moment in _firstMoments.Concat(_secondMoments))
            {
                var values = moment.data<float>().ToArray();
                writer.Write(values.Length);
                foreach (var v in values)
                {
                    writer.Write(v);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads state written by <see cref="Save"/> for the same network.</summary>
    /// <exception cref="InvalidDataException">Not such a file, or written for another network size.</exception>
    public void Load(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("not an optimiser state of this version");
            }

            var steps = reader.ReadInt64();
            if (reader.ReadInt32() != _parameters.Length)
            {
                throw new InvalidDataException("it was written for a network of another size");
            }

            var moments = _firstMoments.Concat(_secondMoments).ToArray();
            var loaded = new float[moments.Length][];
            for (var m = 0; m < moments.Length; m++)
            {
                var length = reader.ReadInt32();
                if (length != moments[m].numel())
                {
                    throw new InvalidDataException("it was written for a network of another size");
                }

                loaded[m] = new float[length];
                for (var j = 0; j < length; j++)
                {
                    loaded[m][j] = reader.ReadSingle();
                }
            }

            using var noGrad = no_grad();
            for (var m = 0; m < moments.Length; m++)
            {
                using var values = tensor(loaded[m], moments[m].shape);
                moments[m].copy_(values);
            }

            Steps = steps;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException)
        {
            throw new InvalidDataException(
                $"Cannot resume the optimiser state {path}: {e.Message}. Delete that file to resume from the weights with fresh Adam moments.", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in _firstMoments.Concat(_secondMoments))
        {
            t.Dispose();
        }
    }
}
