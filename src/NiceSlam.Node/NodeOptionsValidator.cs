using Microsoft.Extensions.Options;

namespace NiceSlam.Node;

/// <summary>Checks the node's settings when the host starts, reporting every invalid one at once (the host refuses
/// to start with an <see cref="OptionsValidationException"/> listing them).</summary>
public sealed class NodeOptionsValidator(IOptions<Transport.TransportOptions> transport) : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var problems = options.Problems(transport.Value.Transport);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
