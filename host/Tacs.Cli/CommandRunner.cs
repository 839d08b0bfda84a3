using System.CommandLine;
using Tacs.Host.Chains;
using Tacs.Host.Imaging;
using Tacs.Sdk.Parameters;

namespace Tacs.Cli;

/// <summary>Runs a command body and turns expected failures into one clear line and an exit code.</summary>
internal static class CommandRunner
{
    public static void SetAction(Command command, Func<ParseResult, CancellationToken, int> body) =>
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, cancellation, body)));

    private static int Run(ParseResult parse, CancellationToken cancellation, Func<ParseResult, CancellationToken, int> body)
    {
        try
        {
            return body(parse, cancellation);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Stopped.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is ChainException or ParameterException or ImageReadException or ArgumentException or KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException or StepFailedException or IOException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.UsageError;
        }
    }
}
