using NiceSlam.Core.Map;
using NiceSlam.Core.Rendering;
using NiceSlam.Core.Slam;
using NiceSlam.Core.Tracking;

namespace NiceSlam.Core.Tests.Slam;

public class SlamOptionsTests
{
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
        var properties = typeof(SlamOptions).GetProperties().Where(p => p.CanRead && p.CanWrite).ToArray();
        Assert.True(properties.Length > 50, $"{properties.Length} settings found");
        Assert.All(properties, p => Assert.True(Equals(p.GetValue(defaults), p.GetValue(cpu)),
            $"{p.Name}: new SlamOptions() has {p.GetValue(defaults)}, the cpu preset {p.GetValue(cpu)}"));
    }

    [Fact]
    public void The_reference_presets_differ_from_the_defaults_where_the_reference_does()
    {
        var replica = SlamPresets.Replica();
        Assert.Equal((TrackingFrontEnd.Render, false), (replica.TrackingFrontEnd, replica.GrowMap));
        Assert.Equal((1000, 60, 1500, 50), (replica.MappingPixels, replica.MappingIterations, replica.FirstFrameIterations, replica.KeyframeEvery));
        Assert.Equal(new SlamOptions().OdometryLevels, replica.OdometryLevels);   // what the reference lacks stays the default
    }

    [Fact]
    public void Odometry_settings_default_to_the_options_defaults()
    {
        Assert.Equal(OdometrySettings.From(new SlamOptions()), new OdometrySettings());
        var changed = new SlamOptions { OdometryLevels = 2, OdometryMinInlierShare = 0.3, OdometryMaxCondition = 1e3 };
        Assert.Equal((2, 0.3, 1e3), (OdometrySettings.From(changed).Levels, OdometrySettings.From(changed).MinInlierShare, OdometrySettings.From(changed).MaxCondition));
    }

    [Fact]
    public void The_default_samples_a_ray_are_the_references()
    {
        var o = new SlamOptions();
        Assert.Equal(RaySampling.ReferenceDefault, o.RaySampling());
        Assert.Equal(48, RaySampling.ReferenceDefault.SamplesPerRay);
    }

    [Fact]
    public void Presets_carry_the_reference_settings()
    {
        var tum = SlamPresets.Tum();
        Assert.Equal((0.16, 0.08, 0.08), (tum.MiddleVoxel, tum.FineVoxel, tum.ColorVoxel));
        Assert.Equal((5000, 200, 1), (tum.TrackingPixels, tum.TrackingIterations, tum.MapEvery));
        var replica = SlamPresets.Replica();
        Assert.Equal((0.32, 0.16, 200, 10, 5, 60, 1500), (replica.MiddleVoxel, replica.FineVoxel, replica.TrackingPixels, replica.TrackingIterations,
            replica.MapEvery, replica.MappingIterations, replica.FirstFrameIterations));
        Assert.Equal((32, 16), (replica.StratifiedSamples, replica.NearSurfaceSamples));
        Assert.Throws<ArgumentException>(() => SlamPresets.Get("kitti"));
    }

    [Fact]
    public void Overrides_set_typed_values()
    {
        var o = SlamPresets.Cpu();
        SlamOptionsOverrides.Apply(o, "trackingiterations=33");
        SlamOptionsOverrides.Apply(o, "TrackingTranslationLr=2.5e-3");
        SlamOptionsOverrides.Apply(o, "Sync=loose");
        SlamOptionsOverrides.Apply(o, "BundleAdjustment=false");
        SlamOptionsOverrides.Apply(o, "Bounds=-1,-2,0,3,2,2.5");
        Assert.Equal(33, o.TrackingIterations);
        Assert.Equal(2.5e-3, o.TrackingTranslationLr);
        Assert.Equal(SyncMode.Loose, o.Sync);
        Assert.False(o.BundleAdjustment);
        Assert.Equal(new Bounds3(-1, -2, 0, 3, 2, 2.5), o.Bounds);
    }

    [Fact]
    public void Overrides_of_unknown_names_or_unparsable_values_are_refused_naming_them()
    {
        var o = SlamPresets.Cpu();
        Assert.Contains("unknown setting", Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Nope=1")).Message);
        Assert.Contains("TrackingPixels", Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "TrackingPixels=many")).Message);
        Assert.Throws<ArgumentException>(() => SlamOptionsOverrides.Apply(o, "Bounds=1,2,3"));
    }

    [Fact]
    public void A_setting_out_of_range_fails_validation_naming_it()
    {
        var o = SlamPresets.Cpu();
        o.WindowSize = 1;
        Assert.Contains("WindowSize", Assert.Throws<ArgumentException>(o.Validate).Message);
    }
}
