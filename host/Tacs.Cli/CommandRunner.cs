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
        catch (Exception ex) when (Expected(ex) is { } cause)
        {
            if (cause is OperationCanceledException)
            {
                Console.Error.WriteLine("Stopped.");
                return ExitCodes.Cancelled;
            }

            Console.Error.WriteLine($"error: {cause.Message}");
            return cause is Tacs.Torch.Training.TrainingDivergedException ? ExitCodes.Failed : ExitCodes.UsageError;
        }
    }

    // Work done in parallel wraps its errors; the user wants the first real one.
    private static Exception? Expected(Exception ex) => ex switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Select(Expected).FirstOrDefault(e => e is not null),
        OperationCanceledException or ChainException or ParameterException or ImageReadException or ArgumentException or KeyNotFoundException
            or FileNotFoundException or DirectoryNotFoundException or StepFailedException or IOException or InvalidDataException or FormatException
            or Tacs.Torch.Training.TrainingDivergedException => ex,
        _ => null,
    };
}
