using Tacs.BioImageIO.Packages;
using Tacs.BioImageIO.Runtime;
using Tacs.Sdk.Parameters;

namespace Tacs.Plugins.BioImageIO;

/// <summary>
/// A package's network, loaded on first use (listing plugins must not load every network) and kept, one per
/// provider, thread count and weights choice, since calls from several threads may ask for different ones; the
/// weights' sha256 is checked then. <typeparamref name="T"/> is the frame-level wrapper (image or analysis).
/// </summary>
internal sealed class LoadedModels<T>(ModelPackage package, Func<ModelRunner, T> wrap)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(ExecutionProvider, int, string), (ModelRunner Runner, T Model)> _loaded = [];

    /// <summary>The model for the parameters of a call.</summary>
    /// <exception cref="ParameterException">The provider or weights choice cannot be had.</exception>
    public (ModelRunner Runner, T Model) Get(ParameterValues parameters)
    {
        var key = ModelParameters.Of(parameters);
        lock (_gate)
        {
            if (_loaded.TryGetValue(key, out var loaded))
            {
                return loaded;
            }

            ModelRunner runner;
            try
            {
                runner = new ModelRunner(package, key.Provider, key.Threads, key.Weights);
            }
            catch (NotSupportedException ex)
            {
                throw new ParameterException("provider", ex.Message);
            }
            catch (ArgumentException ex)
            {
                throw new ParameterException("weights", ex.Message);
            }
            catch (PackageException ex) when (key.Weights != "auto")
            {
                throw new ParameterException("weights", ex.Message);
            }

            try
            {
                loaded = (runner, wrap(runner));
                _loaded[key] = loaded;
                return loaded;
            }
            catch
            {
                runner.Dispose();
                throw;
            }
        }
    }
}
