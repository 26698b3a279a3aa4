namespace NiceSlam.Pretraining.Scenes;

/// <summary>What a piece of furniture or clutter in a training scene is meant to be.</summary>
public enum SceneObjectKind
{
    Table,
    Chair,
    Desk,
    Cabinet,
    Shelf,
    Wardrobe,
    Bed,
    Sofa,
    FloorLamp,
    TableLamp,
    Ball,
    Vase,
    Pillar,
    DoorFrame,
    WallShelf,
    Clutter,
}
