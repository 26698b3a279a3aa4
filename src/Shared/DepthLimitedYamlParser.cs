using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NiceSlam.Shared;

/// <summary>
/// A YAML parser that refuses documents nested deeper than a limit. YamlDotNet's representation model builds nodes
/// recursively, so a few kilobytes of "[[[[..." overflow the stack (which ends the process: it cannot be caught)
/// and take quadratic time before that; real camera files and rosbag2 metadata nest a handful of levels.
/// Linked into the projects that read YAML from outside (Bags: metadata.yaml; Data: camera files).
/// </summary>
internal sealed class DepthLimitedYamlParser(TextReader input, int maxDepth = DepthLimitedYamlParser.DefaultMaxDepth) : IParser
{
    public const int DefaultMaxDepth = 64;

    private readonly Parser parser = new(input);
    private int depth;

    public ParsingEvent? Current => parser.Current;

    public bool MoveNext()
    {
        if (!parser.MoveNext()) return false;
        switch (parser.Current)
        {
            case MappingStart or SequenceStart:
                if (++depth > maxDepth)
                    throw new YamlException(parser.Current.Start, parser.Current.End, $"nested deeper than {maxDepth} levels");
                break;
            case MappingEnd or SequenceEnd:
                depth--;
                break;
        }
        return true;
    }
}
