using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Tests.Slam;

public class SlamOptionsTests
{
    /// <summary>Every name of the flat layout, as configurations, scripts and docs written before the groups use them.</summary>
    private static readonly string[] FlatNames =
    [
        "PoseGraphEdges", "PoseGraphSearch", "LoopClosure", "BundleAdjustmentMovesTrajectory", "RollingShutterReadout", "KeyframeLastFrameWeight", "KeyframeRefinementInliers",   // newer than the flat layout: named alike
        "Bounds", "AutoBoundsMargin", "GrowMap", "MaxMapVolume", "AutoBoundsSensorReach", "AutoBoundsFrames", "CoarseVoxel", "MiddleVoxel",
        "FineVoxel", "ColorVoxel", "Sampling", "StratifiedSamples", "NearSurfaceSamples", "FreeSpaceSamples", "SurfaceSamples", "SurfaceBand",
        "FusedRendering", "TrackingPixels", "TrackingIterations", "TrackingTranslationLr", "TrackingRotationLr", "TrackingColorWeight",
        "TrackingIgnoreEdge", "DynamicRejectionMedians", "ConstantVelocity", "TrackingFrontEnd", "OdometryReference", "OdometryLevels",
        "OdometryIterations", "OdometryDepthGate", "OdometryNormalGateDegrees", "OdometryPhotometricWeight", "OdometryFinestPhotometricWeight",
        "OdometryRobustLoss", "OdometryMinInlierShare", "OdometryMinOverlapShare", "OdometryMaxCondition", "OdometryMaxDegenerateDirections",
        "OdometryKeyframeMotion", "OdometryThreads", "OdometryMaxKeyframes", "OdometryRenderLevel", "RefinementIterations", "RecoveryLossFactor",
        "RecoveryLossWindow", "RelocalisationCandidates", "RelocalisationAgreement", "MapEvery", "MappingPixels", "MappingIterations",
        "FirstFrameIterations", "FirstFrameLrFactor", "MiddleStageShare", "FineStageShare", "MiddleStageLr", "FineStageLr", "ColorStageLr",
        "MappingColorWeight", "CoarseIterations", "CoarseLr", "FrustumDepthMargin", "KeyframeEvery", "WindowSize", "OverlapPixels",
        "OverlapSamples", "OverlapMarginPixels", "BundleAdjustment", "BundleAdjustmentMinKeyframes", "BundleAdjustmentLr", "MeshVoxel",
        "MeshCullDepthMargin", "Sync", "Seed",
    ];

    /// <summary>A value of <paramref name="type"/> other than <paramref name="value"/>.</summary>
    private static object Changed(object? value, Type type) => value switch
    {
        int i => i + 1,
        double d => d + 0.125,
        bool b => !b,
        Enum e => Enum.GetValues(type).Cast<object>().First(v => !v.Equals(e)),
        Bounds3 => new Bounds3(-3, -2, -1, 1, 2, 3),
        null when type == typeof(Bounds3?) => new Bounds3(-1, -1, -1, 1, 1, 1),
        _ => throw new NotSupportedException($"{type.Name} {value}"),
    };

    [Theory]
    [InlineData("replica")]
    [InlineData("scannet")]
    [InlineData("tum")]
    [InlineData("cpu")]
    public void Every_preset_is_valid(string name) => Assert.Empty(SlamPresets.Get(name).Problems());

    [Fact]
    public void New_options_are_the_cpu_preset()
    {
        var defaults = new SlamOptions();
        var cpu = SlamPresets.Get("cpu");
        Assert.True(SlamSetting.All.Count > 50, $"{SlamSetting.All.Count} settings found");
        Assert.All(SlamSetting.All, s => Assert.True(Equals(s.Get(defaults), s.Get(cpu)),
            $"{s.Name}: new SlamOptions() has {s.Get(defaults)}, the cpu preset {s.Get(cpu)}"));
    }

    [Fact]
    public void The_settings_are_grouped_per_component_with_sync_and_seed_at_the_root()
    {
        Assert.Equal(["Map", "Rendering", "Tracking", "Odometry", "Mapping", "Keyframes", "Meshing"], SlamSetting.Groups);
        Assert.Equal(["Sync", "Seed"], SlamSetting.All.Where(s => s.Group is null).Select(s => s.Name));
        Assert.Equal("Odometry.Levels", SlamSetting.Find("OdometryLevels")!.Name);
        Assert.Equal("Map.Grow", SlamSetting.Find("GrowMap")!.Name);
    }

    [Fact]
    public void Every_name_of_the_flat_layout_still_names_one_setting_and_every_setting_has_one()
    {
        Assert.All(FlatNames, n => Assert.NotNull(SlamSetting.Find(n)));
        Assert.Equal(FlatNames.Order(StringComparer.Ordinal), SlamSetting.All.Select(s => s.FlatName).Order(StringComparer.Ordinal));
        var names = SlamSetting.All.Select(s => s.Name).Concat(SlamSetting.All.Select(s => s.FlatName).Where(f => SlamSetting.Find(f)!.Name != f));
        Assert.Equal(names.Count(), names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Odometry_settings_default_to_the_odometry_groups_defaults()
    {
        Assert.Equal(OdometrySettings.From(new OdometryOptions()), new OdometrySettings());
        var changed = new SlamOptions { Odometry = { Levels = 2, MinInlierShare = 0.3, MaxCondition = 1e3 } };
        var settings = OdometrySettings.From(changed.Odometry);
        Assert.Equal((2, 0.3, 1e3), (settings.Levels, settings.MinInlierShare, settings.MaxCondition));
    }

    [Fact]
    public void The_reference_presets_differ_from_the_defaults_where_the_reference_does()
    {
        var replica = SlamPresets.Replica();
        Assert.Equal((TrackingFrontEnd.Render, false), (replica.Tracking.FrontEnd, replica.Map.Grow));
        Assert.Equal((1000, 60, 1500, 50), (replica.Mapping.Pixels, replica.Mapping.Iterations, replica.Mapping.FirstFrameIterations, replica.Keyframes.Every));
        Assert.Equal(new SlamOptions().Odometry.Levels, replica.Odometry.Levels);   // what the reference lacks stays the default
    }

    [Fact]
    public void The_default_samples_a_ray_are_the_references()
    {
        var o = new SlamOptions();
        Assert.Equal(RaySampling.ReferenceDefault, o.Rendering.RaySampling());
        Assert.Equal(48, RaySampling.ReferenceDefault.SamplesPerRay);
    }

    [Fact]
    public void Presets_carry_the_reference_settings()
    {
        var tum = SlamPresets.Tum();
        Assert.Equal((0.16, 0.08, 0.08), (tum.Map.MiddleVoxel, tum.Map.FineVoxel, tum.Map.ColorVoxel));
        Assert.Equal((5000, 200, 1), (tum.Tracking.Pixels, tum.Tracking.Iterations, tum.Mapping.Every));
        var replica = SlamPresets.Replica();
        Assert.Equal((0.32, 0.16, 200, 10, 5, 60, 1500), (replica.Map.MiddleVoxel, replica.Map.FineVoxel, replica.Tracking.Pixels, replica.Tracking.Iterations,
            replica.Mapping.Every, replica.Mapping.Iterations, replica.Mapping.FirstFrameIterations));
        Assert.Equal((32, 16), (replica.Rendering.StratifiedSamples, replica.Rendering.NearSurfaceSamples));
        Assert.Throws<ArgumentException>(() => SlamPresets.Get("kitti"));
    }

    [Fact]
    public void Overrides_set_typed_values_by_their_grouped_names()
    {
        var o = SlamPresets.Cpu();
        SlamOptionsOverrides.Apply(o, "tracking.iterations=33");
        SlamOptionsOverrides.Apply(o, "Tracking.TranslationLr=2.5e-3");
        SlamOptionsOverrides.Apply(o, "Tracking.FrontEnd=odometry+render");
        SlamOptionsOverrides.Apply(o, "Sync=loose");
        SlamOptionsOverrides.Apply(o, "Keyframes.BundleAdjustment=false");
        SlamOptionsOverrides.Apply(o, "Map.Bounds=-1,-2,0,3,2,2.5");
        Assert.Equal(33, o.Tracking.Iterations);
        Assert.Equal(2.5e-3, o.Tracking.TranslationLr);
        Assert.Equal(TrackingFrontEnd.OdometryRender, o.Tracking.FrontEnd);
        Assert.Equal(SyncMode.Loose, o.Sync);
        Assert.False(o.Keyframes.BundleAdjustment);
        Assert.Equal(new Bounds3(-1, -2, 0, 3, 2, 2.5), o.Map.Bounds);
    }

    [Fact]
    public void A_flat_name_and_the_grouped_name_set_the_same_setting()
    {
        var (flat, grouped) = (SlamPresets.Cpu(), SlamPresets.Cpu());
        SlamOptionsOverrides.Apply(flat, "OdometryLevels=4");
        SlamOptionsOverrides.Apply(grouped, "Odometry.Levels=4");
        Assert.Equal((4, 4), (flat.Odometry.Levels, grouped.Odometry.Levels));
        SlamOptionsOverrides.Apply(flat, "trackingpixels=123");        // case-insensitive, as before the groups
        SlamOptionsOverrides.Apply(grouped, "TRACKING.PIXELS=123");
        Assert.Equal((123, 123), (flat.Tracking.Pixels, grouped.Tracking.Pixels));
        // Every setting: its flat and its grouped name change the same property, and only it.
        foreach (var setting in SlamSetting.All)
        {
            var (a, b) = (new SlamOptions(), new SlamOptions());
            var value = Changed(setting.Get(a), setting.Type);
            string text = value switch
            {
                Bounds3 box => $"{box.MinX},{box.MinY},{box.MinZ},{box.MaxX},{box.MaxY},{box.MaxZ}",
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString()!,
            };
            SlamOptionsOverrides.Apply(a, $"{setting.FlatName}={text}");
            SlamOptionsOverrides.Apply(b, $"{setting.Name}={text}");
            Assert.Equal(value, setting.Get(a));
            Assert.All(SlamSetting.All, s => Assert.Equal(s.Get(a), s.Get(b)));
        }
    }

    [Fact]
    public void Overrides_of_unknown_names_or_unparsable_values_are_refused_naming_them()
    {
        var o = SlamPresets.Cpu();
        var unknown = Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Nope=1")).Message;
        Assert.Contains("unknown setting 'Nope'", unknown);
        Assert.Contains("Tracking.Pixels", unknown);                   // the known names are listed
        Assert.Contains("Odometry.Levels", Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Odometry.Nope=1")).Message);
        Assert.Contains("group", Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Tracking=1")).Message);
        var unparsable = Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "TrackingPixels=many")).Message;
        Assert.Contains("'TrackingPixels' (Tracking.Pixels)", unparsable);
        Assert.Contains("'Tracking.Pixels'", Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Tracking.Pixels=many")).Message);
        Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Bounds=1,2,3"));
    }

    [Fact]
    public void A_setting_out_of_range_fails_validation_naming_it()
    {
        var o = SlamPresets.Cpu();
        o.Keyframes.WindowSize = 1;
        Assert.Contains("Keyframes.WindowSize must be >= 2", Assert.Throws<ArgumentException>(o.Validate).Message);
    }

    [Fact]
    public void Validation_reports_every_problem_of_every_group_at_once()
    {
        var o = SlamPresets.Cpu();
        o.Odometry.Levels = 0;
        o.Mapping.Every = 0;
        o.Meshing.Voxel = -1;
        var problems = o.Problems();
        Assert.Contains(problems, p => p.StartsWith("Odometry.Levels must be in [1, 6], got 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Mapping.Every must be >= 1, got 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Meshing.Voxel must be > 0", StringComparison.Ordinal));
        var message = Assert.Throws<ArgumentException>(o.Validate).Message;
        Assert.All(new[] { "Odometry.Levels", "Mapping.Every", "Meshing.Voxel" }, n => Assert.Contains(n, message));
    }

    [Fact]
    public void A_group_reports_its_problems_under_the_prefix_it_is_given()
    {
        var tracking = new TrackingOptions { Pixels = 0, RecoveryLossWindow = 2 };
        Assert.Equal(["T.Pixels must be >= 1, got 0", "T.RecoveryLossWindow must be >= 3, got 2"], tracking.Problems("T."));
        Assert.Empty(new MapOptions().Problems());
    }

    [Fact]
    public void A_clone_is_deep_and_equal()
    {
        var original = new SlamOptions();
        foreach (var s in SlamSetting.All) s.Set(original, Changed(s.Get(original), s.Type));
        var clone = original.Clone();
        Assert.All(SlamSetting.All, s => Assert.Equal(s.Get(original), s.Get(clone)));
        clone.Tracking.Pixels = 7;
        clone.Map.Bounds = null;
        clone.Odometry.Levels = 6;
        clone.Seed = 99;
        Assert.Equal((401, new Bounds3(-1, -1, -1, 1, 1, 1), 4, 1), (original.Tracking.Pixels, original.Map.Bounds, original.Odometry.Levels, original.Seed));
        Assert.NotSame(original.Mapping, clone.Mapping);
        Assert.NotSame(original.Meshing, clone.Meshing);
    }

    [Fact]
    public void A_group_cannot_be_replaced_by_null()
    {
        Assert.Throws<ArgumentNullException>(() => new SlamOptions { Tracking = null! });
    }
}
