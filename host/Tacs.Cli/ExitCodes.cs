namespace Tacs.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad arguments, bad chain, missing input: nothing was done.</summary>
    public const int UsageError = 1;

    /// <summary>The work ran but some inputs failed (each reported).</summary>
    public const int PartialFailure = 2;

    /// <summary>The work started and stopped on an error it describes (for example training that diverged).</summary>
    public const int Failed = 3;

    /// <summary>A check ran and its result is outside the tolerance (tacs models test).</summary>
    public const int OutsideTolerance = 4;
    /// <summary>Every file was written, but on some pages a step failed or timed out: those pages hold what
    /// <c>--on-frame-error</c> chose (the input page by default) and their provenance says why. (5, not 3: main
    /// gives 3 and 4 to a failed run and a result outside tolerance.)</summary>
    public const int PagesFailed = 5;

    /// <summary><c>plugins list</c>: at least one plugin failed to load (the others work).</summary>
    public const int PluginsFailed = 6;

    /// <summary>Stopped by the user.</summary>
    public const int Cancelled = 130;
}
