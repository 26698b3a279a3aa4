namespace NiceSlam.Data.Datasets;

/// <summary>Bad dataset input: the message names the file (and line, where there is one) and what is wrong.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string path, string problem, int? line = null, Exception? inner = null)
        : base(line is null ? $"{path}: {problem}" : $"{path}:{line}: {problem}", inner)
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    public string Path { get; }
    public int? Line { get; }
    public string Problem { get; }
}
