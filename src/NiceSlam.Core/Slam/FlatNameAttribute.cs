namespace NiceSlam.Core.Slam;

/// <summary>
/// The name a grouped setting had when <see cref="SlamOptions"/> was one flat list (e.g. <c>TrackingPixels</c> for
/// <c>Tracking.Pixels</c>), where it differs from the property's own name. Overrides accept it as an alias and map
/// files written with the flat layout are read by it (<see cref="SlamSetting"/>); without the attribute the flat name
/// is the property's name.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class FlatNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
