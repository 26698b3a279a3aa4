using System.Runtime.InteropServices;

namespace NiceSlam.Cli.Commands;

/// <summary>Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation the command finishes gracefully on (it still
/// writes its results); a second Ctrl+C ends the process at once.</summary>
internal sealed class ConsoleInterrupt : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public ConsoleInterrupt()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => source.Token;

    private void Handle(PosixSignalContext context)
    {
        if (source.IsCancellationRequested) return; // second signal: default handling ends the process
        context.Cancel = true;
        source.Cancel();
    }

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }
}
