namespace NiceSlam.Cli.Commands;

/// <summary>A one-line progress bar on a terminal; on redirected output, a line every 10 %.</summary>
internal sealed class ConsoleProgress(int total)
{
    private readonly bool interactive = !Console.IsOutputRedirected;
    private int lastDecile = -1;

    public void Report(int done, string status)
    {
        double fraction = total == 0 ? 1 : (double)done / total;
        if (interactive)
        {
            const int width = 30;
            int filled = (int)Math.Round(fraction * width);
            Console.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {done}/{total} {status}".PadRight(Console.BufferWidth > 0 ? Math.Min(Console.BufferWidth - 1, 160) : 100));
            if (done == total) Console.WriteLine();
            return;
        }
        int decile = (int)(fraction * 10);
        if (decile == lastDecile && done != total) return;
        lastDecile = decile;
        Console.WriteLine($"[{fraction,4:P0}] {done}/{total} {status}");
    }

    /// <summary>Ends the bar line early (interrupted runs).</summary>
    public void Break()
    {
        if (interactive) Console.WriteLine();
    }
}
