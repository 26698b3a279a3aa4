using System.Globalization;
using NiceSlam.Shared;
using NiceSlam.Core.Geometry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NiceSlam.Data.Datasets;

/// <summary>
/// A camera calibration as a YAML file states it: pinhole parameters, OpenCV distortion (k1, k2, p1, p2[, k3]),
/// the image size when the file gives it, the depth scale (raw depth units per metre) and frame rate when given.
/// </summary>
public sealed record CameraCalibration(
    string Source, double Fx, double Fy, double Cx, double Cy, IReadOnlyList<double> Distortion,
    int? Width, int? Height, double? DepthScale, double? Fps)
{
    public bool HasSize => Width is not null && Height is not null;

    /// <summary>Intrinsics with the file's size, or the given size when the file has none. A file size that
    /// disagrees with the given one is an error naming the file.</summary>
    public CameraIntrinsics ToIntrinsics(int imageWidth, int imageHeight)
    {
        if (HasSize && (Width != imageWidth || Height != imageHeight))
            throw new DatasetException(Source, $"camera size {Width}x{Height} differs from the images' {imageWidth}x{imageHeight}");
        return new CameraIntrinsics(imageWidth, imageHeight, Fx, Fy, Cx, Cy, Distortion);
    }

    /// <summary>Intrinsics with the file's own size (error when the file gives none).</summary>
    public CameraIntrinsics ToIntrinsics()
    {
        if (Width is not { } w || Height is not { } h) throw new DatasetException(Source, "no image size (width/height) in the camera file");
        return new CameraIntrinsics(w, h, Fx, Fy, Cx, Cy, Distortion);
    }
}

/// <summary>
/// Reads camera YAML files in two forms.
/// ORB-SLAM style (OpenCV FileStorage, "%YAML:1.0" first line, which is not valid YAML and is blanked here):
/// Camera.fx, Camera.fy, Camera.cx, Camera.cy, Camera.k1, Camera.k2, Camera.p1, Camera.p2 (default 0),
/// Camera.k3 (optional), Camera.width / Camera.height (optional), Camera.fps, DepthMapFactor; ORB-SLAM3 files
/// (Camera1.fx ... beside Camera.type, Camera.width, Camera.fps, RGBD.DepthMapFactor) are read too.
/// Simple form: width, height (optional), fx, fy, cx, cy, distortion: [k1, k2, p1, p2, k3] (optional),
/// depth_scale (optional), fps (optional).
/// Errors name the file, the key and, where known, the line.
/// </summary>
public static class CameraYaml
{
    public static CameraCalibration Read(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, "camera file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static CameraCalibration Parse(string text, string source)
    {
        // OpenCV writes "%YAML:1.0" (colon), which YAML parsers reject; blank it, keeping line numbers.
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].TrimStart().StartsWith("%YAML", StringComparison.Ordinal)) lines[i] = "#" + lines[i];
        var yaml = new YamlStream();
        try { yaml.Load(new DepthLimitedYamlParser(new StringReader(string.Join('\n', lines)))); }
        catch (YamlException e)
        {
            throw new DatasetException(source, $"not valid YAML: {e.Message}", e.Start.Line is > 0 and <= int.MaxValue ? (int)e.Start.Line : null, e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's representation model throws these too on some malformed documents.
            throw new DatasetException(source, $"not valid YAML: {e.Message}", inner: e);
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new DatasetException(source, "expected a mapping of camera keys");

        var map = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
            if (key is YamlScalarNode { Value: { } name }) map[name] = value;

        bool orbSlam = map.Keys.Any(k => k.StartsWith("Camera.", StringComparison.Ordinal) || k.StartsWith("Camera1.", StringComparison.Ordinal));
        return orbSlam ? ParseOrbSlam(map, source) : ParseSimple(map, source);
    }

    private static CameraCalibration ParseOrbSlam(Dictionary<string, YamlNode> map, string source)
    {
        // ORB-SLAM3 keeps Camera.type/width/height/fps and moves the pinhole parameters to Camera1.
        string prefix = map.Keys.Any(k => k.StartsWith("Camera1.", StringComparison.Ordinal)) ? "Camera1." : "Camera.";
        double Required(string key) => Number(map, prefix + key, source) ?? throw Missing(source, prefix + key);
        double fx = Required("fx"), fy = Required("fy"), cx = Required("cx"), cy = Required("cy");
        var distortion = new List<double>
        {
            Number(map, prefix + "k1", source) ?? 0, Number(map, prefix + "k2", source) ?? 0,
            Number(map, prefix + "p1", source) ?? 0, Number(map, prefix + "p2", source) ?? 0,
        };
        if (Number(map, prefix + "k3", source) is { } k3) distortion.Add(k3);
        // ORB-SLAM2 has no size keys; ORB-SLAM3 writes Camera.width / Camera.height.
        string widthKey = map.ContainsKey("Camera.width") ? "Camera.width" : prefix + "width";
        string heightKey = map.ContainsKey("Camera.height") ? "Camera.height" : prefix + "height";
        return Build(source, fx, fy, cx, cy, distortion, Integer(map, widthKey, source), Integer(map, heightKey, source),
            Number(map, "DepthMapFactor", source) ?? Number(map, "RGBD.DepthMapFactor", source),
            Number(map, "Camera.fps", source) ?? Number(map, prefix + "fps", source));
    }

    private static CameraCalibration ParseSimple(Dictionary<string, YamlNode> map, string source)
    {
        double Required(string key) => Number(map, key, source) ?? throw Missing(source, key);
        double fx = Required("fx"), fy = Required("fy"), cx = Required("cx"), cy = Required("cy");
        var distortion = new List<double>();
        if (map.TryGetValue("distortion", out var node))
        {
            if (node is not YamlSequenceNode sequence)
                throw new DatasetException(source, "key 'distortion': expected a list [k1, k2, p1, p2(, k3)]", Line(node));
            foreach (var item in sequence.Children)
                distortion.Add(ParseNumber(item, "distortion", source));
            if (distortion.Count is not (0 or 4 or 5 or 8 or 12 or 14))
                throw new DatasetException(source, $"key 'distortion': OpenCV takes 4, 5, 8, 12 or 14 coefficients, found {distortion.Count}", Line(node));
        }
        return Build(source, fx, fy, cx, cy, distortion, Integer(map, "width", source), Integer(map, "height", source),
            Number(map, "depth_scale", source), Number(map, "fps", source));
    }

    private static CameraCalibration Build(string source, double fx, double fy, double cx, double cy, List<double> distortion,
        int? width, int? height, double? depthScale, double? fps)
    {
        if (!(fx > 0) || !(fy > 0)) throw new DatasetException(source, $"focal lengths must be positive, got fx={fx} fy={fy}");
        if ((width is null) != (height is null)) throw new DatasetException(source, "give both width and height, or neither");
        if (width <= 0 || height <= 0) throw new DatasetException(source, $"image size must be positive, got {width}x{height}");
        if (depthScale is { } d && !(d > 0)) throw new DatasetException(source, $"depth scale must be positive, got {d}");
        if (fps is { } f && !(f > 0)) throw new DatasetException(source, $"fps must be positive, got {f}");
        return new CameraCalibration(source, fx, fy, cx, cy, distortion, width, height, depthScale, fps);
    }

    private static DatasetException Missing(string source, string key) => new(source, $"missing key '{key}'");

    private static double? Number(Dictionary<string, YamlNode> map, string key, string source) =>
        map.TryGetValue(key, out var node) ? ParseNumber(node, key, source) : null;

    private static int? Integer(Dictionary<string, YamlNode> map, string key, string source)
    {
        if (Number(map, key, source) is not { } value) return null;
        if (value != Math.Floor(value) || value > int.MaxValue)
            throw new DatasetException(source, $"key '{key}': {value} is not a whole number", Line(map[key]));
        return (int)value;
    }

    private static double ParseNumber(YamlNode node, string key, string source)
    {
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            return value;
        string shown = node is YamlScalarNode scalar ? $"'{scalar.Value}'" : node.NodeType.ToString().ToLowerInvariant();
        throw new DatasetException(source, $"key '{key}': {shown} is not a finite number", Line(node));
    }

    private static int? Line(YamlNode node) => node.Start.Line > 0 ? checked((int)node.Start.Line) : null;
}
