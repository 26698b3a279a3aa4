using Microsoft.Extensions.Configuration;

namespace NiceSlam.Node;

/// <summary>
/// The node's settings, bound from the "NiceSlam" configuration section: appsettings.json, a parameters YAML
/// (launch/params.yaml, read by the ROS edge), environment variables NiceSlam__key, command line
/// --NiceSlam:key=value. The keys are the ROS parameter names (snake_case); launch/params.yaml documents each.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "NiceSlam";

    // ---- defaults shared with everything that reads a camera or a recording (the CLI, the input stage, sources) --

    /// <summary>Processing width of datasets, bags and cameras (the height follows the camera's aspect).</summary>
    public const int DefaultWidth = Data.Synthetic.SyntheticSequenceOptions.DefaultWidth;

    /// <summary>Frames of the embedded synthetic sequence the demos play when no frame count is given.</summary>
    public const int DemoFrames = Data.Synthetic.SyntheticSequenceOptions.DefaultFrameCount;

    /// <summary>realsense2_camera's topics (namespace camera, camera name camera) with depth aligned to colour.</summary>
    public const string DefaultColorTopic = "/camera/camera/color/image_raw";
    public const string DefaultDepthTopic = "/camera/camera/aligned_depth_to_color/image_raw";
    public const string DefaultCameraInfoTopic = "/camera/camera/color/camera_info";
    public const int DefaultSyncQueueSize = 10;
    /// <summary>Largest colour-depth stamp difference paired, seconds: the TUM benchmark's association tolerance.</summary>
    public const double DefaultSyncMaxInterval = Data.Datasets.TumAssociation.DefaultMaxDifference;
    public const double DefaultDepthScale = 0.001;

    // ---- input -------------------------------------------------------------------------------------------------

    /// <summary>"topics" (subscribe to the camera topics), "synthetic" (the embedded synthetic sequence published on
    /// the bus), a dataset folder (TUM, 7-Scenes, Replica, ScanNet, generic) or a rosbag2 bag (folder, .db3, .mcap).
    /// Every source goes through the same topics, synchronisation and pipeline.</summary>
    [ConfigurationKeyName("source")] public string Source { get; set; } = "topics";

    [ConfigurationKeyName("color_topic")] public string ColorTopic { get; set; } = DefaultColorTopic;
    [ConfigurationKeyName("depth_topic")] public string DepthTopic { get; set; } = DefaultDepthTopic;
    [ConfigurationKeyName("camera_info_topic")] public string CameraInfoTopic { get; set; } = DefaultCameraInfoTopic;

    /// <summary>Optional ground truth (nav_msgs/Odometry: the camera optical frame's pose in the recording's world),
    /// matched to frames by stamp; used for the first pose and for evaluation. Empty: none.</summary>
    [ConfigurationKeyName("ground_truth_topic")] public string GroundTruthTopic { get; set; } = "/ground_truth";

    /// <summary>Messages each stream of the approximate-time synchroniser keeps.</summary>
    [ConfigurationKeyName("sync_queue_size")] public int SyncQueueSize { get; set; } = DefaultSyncQueueSize;

    /// <summary>Largest stamp difference (s) between a colour and a depth image paired into one frame (0: equal stamps only).</summary>
    [ConfigurationKeyName("sync_max_interval")] public double SyncMaxInterval { get; set; } = DefaultSyncMaxInterval;

    /// <summary>Metres per unit of 16UC1 depth (RealSense: 0.001).</summary>
    [ConfigurationKeyName("depth_scale")] public double DepthScale { get; set; } = DefaultDepthScale;

    /// <summary>Seconds without an assembled frame (live topics) after which the node says why, in a log line and
    /// in status.input_diagnosis; 0: never.</summary>
    [ConfigurationKeyName("input_timeout")] public double InputTimeout { get; set; } = 5.0;

    /// <summary>When the tracker refines the odometry's pose by rendering (<c>odometry+render</c>): "always",
    /// "when_idle" (only when no frame is waiting: a tracker behind the camera tracks by odometry alone and keeps up),
    /// or "auto" (when_idle with queue_full_policy drop_oldest, always with block).</summary>
    [ConfigurationKeyName("tracking_refinement")] public string TrackingRefinement { get; set; } = "auto";

    /// <summary>Frames waiting for the tracker. 1 by default: a tracker slower than its camera then always takes the
    /// newest frame, so a pose is at most about two tracking times old (the node demo: median stamp-to-pose latency
    /// 73 ms with 1, 168 ms with 4, where every frame waited behind three older ones). More absorbs bursts on a
    /// tracker that is faster than the camera on average.</summary>
    [ConfigurationKeyName("queue_capacity")] public int QueueCapacity { get; set; } = 1;

    /// <summary>"drop_oldest" (live: the tracker works on the newest frames), "block" (replay: never drop) or "auto"
    /// (drop_oldest for camera topics, block for a recording the node reads itself). Blocking on camera topics is
    /// lossless only where the publisher is held back with the node: the in-process bus, or reliable input
    /// (<see cref="InputQos"/>) from a reliable publisher such as `ros2 bag play` with bag_replay.launch.py's QoS
    /// overrides; a best-effort stream would lose its samples inside DDS instead, so that combination is refused.</summary>
    [ConfigurationKeyName("queue_full_policy")] public string QueueFullPolicy { get; set; } = "auto";

    /// <summary>QoS of the camera subscriptions: "sensor_data" (best effort, keep last 5: what camera drivers offer)
    /// or "reliable" (reliable, keep all with at most a few samples waiting: a reliable publisher is held back by DDS
    /// flow control while the node is busy, so a replayed bag loses nothing).</summary>
    [ConfigurationKeyName("input_qos")] public string InputQos { get; set; } = "sensor_data";

    /// <summary>Processing size (0, 0: the camera's own; width with height 0: the camera's aspect); the intrinsics follow.</summary>
    [ConfigurationKeyName("width")] public int Width { get; set; } = DefaultWidth;
    [ConfigurationKeyName("height")] public int Height { get; set; }

    /// <summary>Pixels removed from every border after resizing.</summary>
    [ConfigurationKeyName("crop_edge")] public int CropEdge { get; set; }

    // ---- recorded sources (synthetic, dataset, bag) -------------------------------------------------------------

    /// <summary>Frames to play (0: all).</summary>
    [ConfigurationKeyName("max_frames")] public int MaxFrames { get; set; }

    /// <summary>The synthetic source's camera path: "orbit" (the default room, gently), "fast" (90°/s) or "tour" (a
    /// walk through a suite of rooms and back: the map must grow).</summary>
    [ConfigurationKeyName("synthetic_motion")] public string SyntheticMotion { get; set; } = "orbit";

    /// <summary>Playback speed relative to the recording (1: real time; 0: as fast as the node takes them; with
    /// queue_full_policy block nothing is dropped).</summary>
    [ConfigurationKeyName("playback_rate")] public double PlaybackRate { get; set; } = 1;

    /// <summary>Stop the node when a recorded source is exhausted and every frame is processed.</summary>
    [ConfigurationKeyName("stop_when_done")] public bool StopWhenDone { get; set; } = true;

    // ---- frames and outputs -------------------------------------------------------------------------------------

    [ConfigurationKeyName("map_frame")] public string MapFrame { get; set; } = "map";

    /// <summary>Empty: publish map → camera. Otherwise publish map → odom (REP 105), using odom → camera from tf.</summary>
    [ConfigurationKeyName("odom_frame")] public string OdomFrame { get; set; } = "";

    /// <summary>Empty: the colour image's frame_id.</summary>
    [ConfigurationKeyName("camera_frame")] public string CameraFrame { get; set; } = "";

    [ConfigurationKeyName("publish_tf")] public bool PublishTf { get; set; } = true;

    /// <summary>Namespace of the node's topics and services.</summary>
    [ConfigurationKeyName("topic_prefix")] public string TopicPrefix { get; set; } = "/nice_slam";

    [ConfigurationKeyName("cloud_period")] public double CloudPeriod { get; set; } = 5.0;
    [ConfigurationKeyName("cloud_voxel")] public double CloudVoxel { get; set; } = 0.05;
    [ConfigurationKeyName("occupancy_period")] public double OccupancyPeriod { get; set; } = 5.0;
    [ConfigurationKeyName("occupancy_resolution")] public double OccupancyResolution { get; set; } = 0.05;
    [ConfigurationKeyName("occupancy_min_height")] public double OccupancyMinHeight { get; set; } = 0.1;
    [ConfigurationKeyName("occupancy_max_height")] public double OccupancyMaxHeight { get; set; } = 1.5;
    [ConfigurationKeyName("mesh_period")] public double MeshPeriod { get; set; } = 15.0;
    [ConfigurationKeyName("mesh_max_triangles")] public int MeshMaxTriangles { get; set; } = 200_000;
    [ConfigurationKeyName("status_period")] public double StatusPeriod { get; set; } = 1.0;

    /// <summary>Every this many frames, log the working set, managed and native heap and the map's size, and at the end
    /// their peaks and how the working set grew beside the map (0: off): what a soak run watches.</summary>
    [ConfigurationKeyName("memory_trace_every")] public int MemoryTraceEvery { get; set; }

    // ---- engine -------------------------------------------------------------------------------------------------

    /// <summary>Settings preset: cpu, tum, replica, scannet.</summary>
    [ConfigurationKeyName("preset")] public string Preset { get; set; } = "cpu";

    /// <summary>Engine overrides "Group.Name=value" (<see cref="Core.Slam.SlamOptions"/>' settings, e.g.
    /// "Mapping.Iterations=40"; the flat names of before the groups, "MappingIterations=40", work too), applied after
    /// the preset.</summary>
    [ConfigurationKeyName("slam_settings")] public List<string> SlamSettings { get; set; } = [];

    /// <summary>"auto", "cpu", "cuda" or "cuda:N".</summary>
    [ConfigurationKeyName("device")] public string Device { get; set; } = "auto";

    /// <summary>CPU threads for tensor work (0: every core).</summary>
    [ConfigurationKeyName("threads")] public int Threads { get; set; }

    /// <summary>Scene bounds "xmin,ymin,zmin,xmax,ymax,zmax" in the first camera's optical frame; empty: estimated
    /// from the first frame.</summary>
    [ConfigurationKeyName("bounds")] public string Bounds { get; set; } = "";

    /// <summary>A folder with the official NICE-SLAM decoder checkpoints (middle_fine.pt, coarse.pt) to use instead of
    /// the shipped pretrained weights; empty: the shipped ones.</summary>
    [ConfigurationKeyName("official_decoders")] public string OfficialDecoders { get; set; } = "";

    // ---- map files ----------------------------------------------------------------------------------------------

    [ConfigurationKeyName("map_path")] public string MapPath { get; set; } = "nice_slam.map";
    [ConfigurationKeyName("load_map_on_start")] public string LoadMapOnStart { get; set; } = "";
    [ConfigurationKeyName("save_map_on_shutdown")] public bool SaveMapOnShutdown { get; set; }

    /// <summary>A bag folder (MCAP) to record the outputs to (tf, path, odometry, status, occupancy); empty: none.</summary>
    [ConfigurationKeyName("record_outputs")] public string RecordOutputs { get; set; } = "";

    // ---- live view --------------------------------------------------------------------------------------------

    /// <summary>TCP port of the Foxglove WebSocket server (ws://foxglove_address:port; Foxglove's default is 8765):
    /// every topic of the node, with its schema, for Foxglove or Lichtblick without ROS. 0: off.</summary>
    [ConfigurationKeyName("foxglove_port")] public int FoxglovePort { get; set; }

    /// <summary>IP address the Foxglove server listens on: 127.0.0.1 (this machine only); 0.0.0.0 lets any machine that
    /// reaches this one watch.</summary>
    [ConfigurationKeyName("foxglove_address")] public string FoxgloveAddress { get; set; } = "127.0.0.1";

    /// <summary>Every setting's key (its ROS parameter name), in declaration order.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = [.. Parameters.SettingProperties.Of(typeof(NodeOptions)).Select(p => p.Key)];

    public bool UsesTopics => string.Equals(Source, "topics", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the input waits for the tracker (queue_full_policy, auto resolved: block for a recording
    /// the node reads itself, drop_oldest for camera topics).</summary>
    public bool BlockWhenFull => QueueFullPolicy == "block" || (QueueFullPolicy == "auto" && !UsesTopics);

    /// <summary>The QoS of the camera subscriptions (<see cref="InputQos"/>).</summary>
    public Messages.Bus.QosProfile InputQosProfile =>
        InputQos == "reliable" ? Messages.Bus.QosProfile.ReplayInput : Messages.Bus.QosProfile.SensorData;

    /// <summary>Why the input queue and the scheduling are what they are, for the first log lines (the engine
    /// alternates strictly exactly when the queue blocks: <see cref="Engine.SlamEngine.BuildOptions(NodeOptions)"/>).</summary>
    public string SchedulingReason
    {
        get
        {
            string why = QueueFullPolicy != "auto" ? $"queue_full_policy {QueueFullPolicy}"
                : UsesTopics ? "auto: camera topics" : "auto: a recording the node reads itself";
            return BlockWhenFull
                ? $"queue block ({why}; every frame is tracked), tracking and mapping alternate (strict)"
                : $"queue drop_oldest ({why}; the tracker takes the newest frame and drops are counted), mapping beside tracking (loose)";
        }
    }

    /// <summary>Whether the tracker refines only when no frame is waiting (tracking_refinement, auto resolved).</summary>
    public bool RefineOnlyWhenIdle => TrackingRefinement == "when_idle" || (TrackingRefinement == "auto" && !BlockWhenFull);

    public string Topic(string name) => TopicPrefix.TrimEnd('/') + "/" + name;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting (the engine settings included).</summary>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
    }

    /// <summary>Every invalid setting with its key, what it must be and its value, the engine settings (preset,
    /// bounds, slam_settings) included; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string key, object value, string expected)
        {
            if (!ok) problems.Add($"{Section}:{key} must be {expected}, got '{value}'");
        }
        Require(!string.IsNullOrWhiteSpace(Source), "source", Source, "'topics', 'synthetic', a dataset folder or a bag");
        foreach (var (key, topic) in new[] { ("color_topic", ColorTopic), ("depth_topic", DepthTopic), ("camera_info_topic", CameraInfoTopic) })
            Require(topic.StartsWith('/') && !topic.Contains(' '), key, topic, "an absolute topic name");
        Require(DepthTopic != ColorTopic, "depth_topic", DepthTopic, "different from color_topic");
        Require(GroundTruthTopic.Length == 0 || GroundTruthTopic.StartsWith('/'), "ground_truth_topic", GroundTruthTopic, "empty or an absolute topic name");
        Require(SyncQueueSize >= 1, "sync_queue_size", SyncQueueSize, ">= 1");
        Require(SyncMaxInterval >= 0 && double.IsFinite(SyncMaxInterval), "sync_max_interval", SyncMaxInterval, ">= 0 seconds");
        Require(DepthScale > 0 && double.IsFinite(DepthScale), "depth_scale", DepthScale, "> 0");
        Require(InputTimeout >= 0 && double.IsFinite(InputTimeout), "input_timeout", InputTimeout, ">= 0 seconds (0: off)");
        Require(QueueCapacity >= 1, "queue_capacity", QueueCapacity, ">= 1");
        Require(QueueFullPolicy is "auto" or "drop_oldest" or "block", "queue_full_policy", QueueFullPolicy, "auto, drop_oldest or block");
        Require(InputQos is "sensor_data" or "reliable", "input_qos", InputQos, "sensor_data or reliable");
        Require(TrackingRefinement is "auto" or "always" or "when_idle", "tracking_refinement", TrackingRefinement, "auto, always or when_idle");
        Require(Width >= 0 && Height >= 0 && !(Width == 0 && Height > 0), "width/height", $"{Width}x{Height}", "both 0 (camera size), a width with height 0 (camera aspect) or both positive");
        Require(CropEdge >= 0, "crop_edge", CropEdge, ">= 0");
        Require(MaxFrames >= 0, "max_frames", MaxFrames, ">= 0");
        Require(Enum.TryParse<Data.Synthetic.SyntheticMotion>(SyntheticMotion, ignoreCase: true, out _) && !int.TryParse(SyntheticMotion, out _),
            "synthetic_motion", SyntheticMotion, "orbit, fast or tour");
        Require(MemoryTraceEvery >= 0, "memory_trace_every", MemoryTraceEvery, ">= 0");
        Require(PlaybackRate >= 0 && double.IsFinite(PlaybackRate), "playback_rate", PlaybackRate, ">= 0");
        Require(!string.IsNullOrWhiteSpace(MapFrame), "map_frame", MapFrame, "a frame name");
        Require(OdomFrame != MapFrame, "odom_frame", OdomFrame, "different from map_frame");
        Require(TopicPrefix.StartsWith('/'), "topic_prefix", TopicPrefix, "an absolute namespace");
        foreach (var (key, period) in new[] { ("cloud_period", CloudPeriod), ("occupancy_period", OccupancyPeriod), ("mesh_period", MeshPeriod), ("status_period", StatusPeriod) })
            Require(period >= 0 && double.IsFinite(period), key, period, ">= 0 seconds (0: off)");
        Require(CloudVoxel > 0, "cloud_voxel", CloudVoxel, "> 0 m");
        Require(OccupancyResolution > 0, "occupancy_resolution", OccupancyResolution, "> 0 m");
        Require(OccupancyMaxHeight > OccupancyMinHeight, "occupancy_max_height", OccupancyMaxHeight, $"above occupancy_min_height ({OccupancyMinHeight})");
        Require(MeshMaxTriangles >= 1, "mesh_max_triangles", MeshMaxTriangles, ">= 1");
        Require(Threads >= 0, "threads", Threads, ">= 0 (0: every core)");
        Require(FoxglovePort is >= 0 and <= 65535, "foxglove_port", FoxglovePort, "a TCP port 1..65535, or 0 (off)");
        Require(System.Net.IPAddress.TryParse(FoxgloveAddress, out _), "foxglove_address", FoxgloveAddress, "an IP address (127.0.0.1: this machine only; 0.0.0.0: every interface)");
        Require(Core.Slam.SlamPresets.Names.Contains(Preset.ToLowerInvariant()), "preset", Preset, string.Join(", ", Core.Slam.SlamPresets.Names));
        if (Core.Slam.SlamPresets.Names.Contains(Preset.ToLowerInvariant())) Engine.SlamEngine.BuildOptions(this, problems);
        return problems;
    }

    /// <summary>
    /// The settings' problems on a transport (<paramref name="transport"/>: loopback, dds or rcldotnet): those of
    /// <see cref="Problems()"/>, and a blocking queue on best-effort camera topics over a network transport, which
    /// does not slow the camera or the player down but makes DDS drop the samples the node does not take in time.
    /// </summary>
    public IReadOnlyList<string> Problems(string transport)
    {
        var problems = new List<string>(Problems());
        if (UsesTopics && QueueFullPolicy == "block" && transport != "loopback" && InputQos != "reliable")
            problems.Add($"{Section}:queue_full_policy block with source topics over {transport} needs input_qos reliable and a reliable publisher "
                + "(bag_replay.launch.py plays the bag so): a best-effort camera stream is not held back by a blocked node, its samples are lost inside DDS; "
                + "use drop_oldest (or auto) for a live camera");
        return problems;
    }

    /// <summary>These settings as configuration keys (NiceSlam:key = value, lists as key:0, key:1, ...): how to hand
    /// them to a host, e.g. the node that `nice-slam run` composes.</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var result = new Dictionary<string, string?>();
        foreach (var (key, property) in Parameters.SettingProperties.Of(typeof(NodeOptions)))
        {
            string name = $"{Section}:{key}";
            switch (property.GetValue(this))
            {
                case List<string> list:
                    for (int i = 0; i < list.Count; i++) result[$"{name}:{i}"] = list[i];
                    break;
                case bool b:
                    result[name] = b ? "true" : "false";
                    break;
                case IFormattable number:
                    result[name] = number.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case var value:
                    result[name] = value?.ToString();
                    break;
            }
        }
        return result;
    }
}
