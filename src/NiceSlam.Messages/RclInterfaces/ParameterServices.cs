namespace NiceSlam.Messages.RclInterfaces;

// rcl_interfaces parameter services (what `ros2 param` calls on <node>/list_parameters, get_parameters, ...):
// requests and responses.

/// <summary>rcl_interfaces/srv/ListParameters request (depth 0: every depth).</summary>
public sealed record ListParametersRequest(string[] Prefixes, ulong Depth);

public sealed record ListParametersResponse(ListParametersResult Result);

/// <summary>rcl_interfaces/srv/GetParameters request.</summary>
public sealed record GetParametersRequest(string[] Names);

/// <summary>The values in request order (NOT_SET for an unknown name).</summary>
public sealed record GetParametersResponse(ParameterValue[] Values);

/// <summary>rcl_interfaces/srv/GetParameterTypes request.</summary>
public sealed record GetParameterTypesRequest(string[] Names);

public sealed record GetParameterTypesResponse(byte[] Types);

/// <summary>rcl_interfaces/srv/DescribeParameters request.</summary>
public sealed record DescribeParametersRequest(string[] Names);

public sealed record DescribeParametersResponse(ParameterDescriptor[] Descriptors);

/// <summary>rcl_interfaces/srv/SetParameters request: each parameter set on its own.</summary>
public sealed record SetParametersRequest(Parameter[] Parameters);

public sealed record SetParametersResponse(SetParametersResult[] Results);

/// <summary>rcl_interfaces/srv/SetParametersAtomically request: all or none.</summary>
public sealed record SetParametersAtomicallyRequest(Parameter[] Parameters);

public sealed record SetParametersAtomicallyResponse(SetParametersResult Result);
