using NiceSlam.Core.Map;

namespace NiceSlam.Pretraining.Scenes;

/// <summary>
/// Procedural furnished rooms for decoder pretraining. Deterministic per seed (System.Random drives the layout).
/// Furniture stands on the floor, on other furniture or against / on walls, at indoor scales, never overlapping
/// another object's bounds (beyond resting on its support) and never entering the walls, floor or ceiling.
/// </summary>
public static class TrainingSceneGenerator
{
    public static TrainingScene Generate(int seed, TrainingSceneOptions? options = null)
    {
        options ??= TrainingSceneOptions.Default;
        options.Validate();
        var rng = new Random(seed);
        double width = Uniform(rng, options.MinWidth, options.MaxWidth);
        double depth = Uniform(rng, options.MinDepth, options.MaxDepth);
        double height = Uniform(rng, options.MinHeight, options.MaxHeight);
        double wall = Uniform(rng, options.MinWallThickness, options.MaxWallThickness);
        int target = rng.Next(options.MinObjects, options.MaxObjects + 1);
        var layout = new Layout(rng, width, depth, height);
        layout.Furnish(target);
        return new TrainingScene(width, depth, height, wall, layout.Objects);
    }

    private static double Uniform(Random rng, double min, double max) => min + (max - min) * rng.NextDouble();

    /// <summary>A local frame on the floor plan: origin and yaw; local (x, y) -> world.</summary>
    private readonly record struct Frame(double X, double Y, double Yaw)
    {
        public (double X, double Y) ToWorld(double lx, double ly)
        {
            var (c, s) = SolidBox.ExactCosSin(Yaw);
            return (X + c * lx - s * ly, Y + s * lx + c * ly);
        }

        /// <summary>Box with local centre (lx, ly), bottom at z, sizes along local x, y and z.</summary>
        public SolidBox Box(double lx, double ly, double bottomZ, double sx, double sy, double sz)
        {
            var (x, y) = ToWorld(lx, ly);
            return new SolidBox(x, y, bottomZ + sz / 2, sx / 2, sy / 2, sz / 2, Yaw);
        }

        public SolidCylinder Cylinder(double lx, double ly, double bottomZ, double radius, double height)
        {
            var (x, y) = ToWorld(lx, ly);
            return SolidCylinder.Standing(x, y, bottomZ, radius, height);
        }

        public SolidSphere Sphere(double lx, double ly, double centreZ, double radius)
        {
            var (x, y) = ToWorld(lx, ly);
            return new SolidSphere(x, y, centreZ, radius);
        }
    }

    /// <summary>A flat top things can stand on: a centred frame, half extents of the top, its height, and the sides
    /// (0: -y, 1: +y, 2: -x, 3: +x of the frame) where a chair may be pulled up.</summary>
    private sealed record Support(SceneObject Owner, Frame Centre, double HalfX, double HalfY, double TopZ, int[] ChairSides);

    private sealed class Layout(Random rng, double width, double depth, double height)
    {
        private const double FloorGap = 0.05;     // between floor-standing objects' bounds
        private const double Tolerance = 1e-9;
        private readonly List<Bounds3> reserved = [];   // door clearances
        private readonly List<Support> supports = [];
        private readonly Dictionary<SceneObjectKind, int> counts = [];

        public List<SceneObject> Objects { get; } = [];

        private static readonly (SceneObjectKind Kind, double Weight, int Max)[] Menu =
        [
            (SceneObjectKind.Table, 2.5, 3), (SceneObjectKind.Chair, 3, 8), (SceneObjectKind.Desk, 1.5, 2),
            (SceneObjectKind.Cabinet, 2, 4), (SceneObjectKind.Shelf, 1.5, 3), (SceneObjectKind.Wardrobe, 1, 2),
            (SceneObjectKind.Bed, 0.8, 2), (SceneObjectKind.Sofa, 1, 2), (SceneObjectKind.FloorLamp, 1, 3),
            (SceneObjectKind.TableLamp, 1.2, 3), (SceneObjectKind.Ball, 1, 4), (SceneObjectKind.Vase, 1.5, 5),
            (SceneObjectKind.Pillar, 0.4, 2), (SceneObjectKind.DoorFrame, 0.8, 2), (SceneObjectKind.WallShelf, 0.8, 3),
            (SceneObjectKind.Clutter, 3.5, 12),
        ];

        public void Furnish(int target)
        {
            // A door most rooms have; then draws from the menu until the target count or the attempts run out.
            if (rng.NextDouble() < 0.7) TryPlace(SceneObjectKind.DoorFrame);
            for (int attempt = 0; attempt < 60 * Math.Max(target, 1) && Objects.Count < target; attempt++)
            {
                var kind = Draw();
                if (counts.GetValueOrDefault(kind) >= Menu.First(m => m.Kind == kind).Max) continue;
                TryPlace(kind);
            }
        }

        private SceneObjectKind Draw()
        {
            double total = Menu.Sum(m => m.Weight), u = rng.NextDouble() * total;
            foreach (var m in Menu)
            {
                if (u < m.Weight) return m.Kind;
                u -= m.Weight;
            }
            return Menu[^1].Kind;
        }

        private double U(double min, double max) => min + (max - min) * rng.NextDouble();

        private bool Chance(double p) => rng.NextDouble() < p;

        private void TryPlace(SceneObjectKind kind)
        {
            for (int attempt = 0; attempt < 12; attempt++)
            {
                if (Build(kind) is not null)
                {
                    counts[kind] = counts.GetValueOrDefault(kind) + 1;
                    return;
                }
            }
        }

        // One attempt at an object of this kind; null when it does not fit.
        private SceneObject? Build(SceneObjectKind kind) => kind switch
        {
            SceneObjectKind.Table => Table(),
            SceneObjectKind.Chair => Chair(),
            SceneObjectKind.Desk => Desk(),
            SceneObjectKind.Cabinet => Cabinet(),
            SceneObjectKind.Shelf => Shelf(),
            SceneObjectKind.Wardrobe => Wardrobe(),
            SceneObjectKind.Bed => Bed(),
            SceneObjectKind.Sofa => Sofa(),
            SceneObjectKind.FloorLamp => FloorLamp(),
            SceneObjectKind.TableLamp => TableLamp(),
            SceneObjectKind.Ball => Ball(),
            SceneObjectKind.Vase => Vase(),
            SceneObjectKind.Pillar => Pillar(),
            SceneObjectKind.DoorFrame => DoorFrame(),
            SceneObjectKind.WallShelf => WallShelf(),
            _ => Clutter(),
        };

        // ---- frames -------------------------------------------------------------------------------------------

        // A centred frame for a free-standing footprint of half diagonal r: anywhere in the room, yaw random or square.
        private Frame FreeFrame(double r)
        {
            double margin = Math.Min(r + 0.05, Math.Min(width, depth) / 2);
            double yaw = Chance(0.5) ? rng.Next(4) * Math.PI / 2 : U(-Math.PI, Math.PI);
            return new Frame(U(margin, width - margin), U(margin, depth - margin), yaw);
        }

        // A frame on a wall: origin on the wall plane, local +y into the room, local x along the wall; the object's
        // half length along the wall is halfLength.
        private Frame WallFrame(double halfLength)
        {
            int wall = rng.Next(4);
            double length = wall < 2 ? width : depth;
            double s = halfLength + 0.02 >= length / 2 ? length / 2 : U(halfLength + 0.02, length - halfLength - 0.02);
            return wall switch
            {
                0 => new Frame(s, 0, 0),                     // wall y = 0
                1 => new Frame(s, depth, Math.PI),           // wall y = D
                2 => new Frame(0, s, -Math.PI / 2),          // wall x = 0
                _ => new Frame(width, s, Math.PI / 2),       // wall x = W
            };
        }

        // ---- acceptance ---------------------------------------------------------------------------------------

        private SceneObject? Accept(SceneObjectKind kind, List<ISolid> solids, Support? support = null, double gap = FloorGap)
        {
            var obj = new SceneObject(kind, solids);
            var b = obj.Bounds;
            if (b.MinX < -Tolerance || b.MinY < -Tolerance || b.MinZ < -Tolerance
                || b.MaxX > width + Tolerance || b.MaxY > depth + Tolerance || b.MaxZ > height + Tolerance) return null;
            foreach (var other in Objects)
                if (!ReferenceEquals(other, support?.Owner) && Overlaps(b, other.Bounds, gap)) return null;
            foreach (var zone in reserved)
                if (Overlaps(b, zone, 0)) return null;
            Objects.Add(obj);
            return obj;
        }

        private static bool Overlaps(Bounds3 a, Bounds3 b, double gap) =>
            a.MinX < b.MaxX + gap && b.MinX < a.MaxX + gap
            && a.MinY < b.MaxY + gap && b.MinY < a.MaxY + gap
            && a.MinZ < b.MaxZ - Tolerance && b.MinZ < a.MaxZ - Tolerance;

        // ---- furniture ----------------------------------------------------------------------------------------

        private SceneObject? Table()
        {
            double sx = U(0.8, 1.8), sy = U(0.6, 1.0), top = U(0.7, 0.8), thick = U(0.03, 0.05), leg = U(0.04, 0.07);
            var f = FreeFrame(Math.Sqrt(sx * sx + sy * sy) / 2);
            var solids = new List<ISolid> { f.Box(0, 0, top - thick, sx, sy, thick) };
            bool round = Chance(0.3);
            double ix = sx / 2 - leg / 2 - 0.03, iy = sy / 2 - leg / 2 - 0.03;
            foreach (var (lx, ly) in new[] { (-ix, -iy), (ix, -iy), (-ix, iy), (ix, iy) })
                solids.Add(round ? f.Cylinder(lx, ly, 0, leg / 2, top - thick) : f.Box(lx, ly, 0, leg, leg, top - thick));
            var obj = Accept(SceneObjectKind.Table, solids);
            if (obj is not null) supports.Add(new Support(obj, f, sx / 2, sy / 2, top, [0, 1, 2, 3]));
            return obj;
        }

        private SceneObject? Desk()
        {
            double sx = U(1.0, 1.6), sy = U(0.5, 0.8), top = U(0.72, 0.78), thick = U(0.025, 0.04), panel = U(0.02, 0.03), gap = U(0.01, 0.05);
            var w = WallFrame(sx / 2);
            double cy = gap + sy / 2;
            var solids = new List<ISolid>
            {
                w.Box(0, cy, top - thick, sx, sy, thick),
                w.Box(-sx / 2 + panel / 2, cy, 0, panel, sy, top - thick),
                w.Box(sx / 2 - panel / 2, cy, 0, panel, sy, top - thick),
            };
            if (Chance(0.5))   // a drawer block under one side
            {
                double dw = U(0.3, 0.45), side = Chance(0.5) ? -1 : 1;
                solids.Add(w.Box(side * (sx / 2 - panel - dw / 2), cy, 0.08, dw, sy - 0.04, top - thick - 0.08));
            }
            var obj = Accept(SceneObjectKind.Desk, solids);
            if (obj is not null)
            {
                var (x, y) = w.ToWorld(0, cy);
                supports.Add(new Support(obj, new Frame(x, y, w.Yaw), sx / 2, sy / 2, top, [1]));
            }
            return obj;
        }

        private SceneObject? Chair()
        {
            double seat = U(0.4, 0.5), seatZ = U(0.42, 0.48), seatThick = 0.04, leg = U(0.03, 0.04), back = U(0.4, 0.5), backThick = U(0.03, 0.05);
            Frame f;
            var tables = supports.Where(s => s.Owner.Kind is SceneObjectKind.Table or SceneObjectKind.Desk).ToList();
            if (tables.Count > 0 && Chance(0.7))
            {
                // Pulled up to a table side, facing it (the chair's front is its local +y).
                var t = tables[rng.Next(tables.Count)];
                int side = t.ChairSides[rng.Next(t.ChairSides.Length)];
                double off = seat / 2 + U(0.08, 0.25);
                (double lx, double ly, double yaw) = side switch
                {
                    0 => (U(-0.5, 0.5) * Math.Max(0, t.HalfX - seat / 2), -(t.HalfY + off), 0.0),
                    1 => (U(-0.5, 0.5) * Math.Max(0, t.HalfX - seat / 2), t.HalfY + off, Math.PI),
                    2 => (-(t.HalfX + off), U(-0.5, 0.5) * Math.Max(0, t.HalfY - seat / 2), -Math.PI / 2),
                    _ => (t.HalfX + off, U(-0.5, 0.5) * Math.Max(0, t.HalfY - seat / 2), Math.PI / 2),
                };
                var (x, y) = t.Centre.ToWorld(lx, ly);
                f = new Frame(x, y, t.Centre.Yaw + yaw);
            }
            else f = FreeFrame(seat * 0.75);
            double inset = seat / 2 - leg / 2 - 0.01;
            var solids = new List<ISolid> { f.Box(0, 0, seatZ - seatThick, seat, seat, seatThick) };
            foreach (var (lx, ly) in new[] { (-inset, -inset), (inset, -inset), (-inset, inset), (inset, inset) })
                solids.Add(f.Box(lx, ly, 0, leg, leg, seatZ - seatThick));
            solids.Add(f.Box(0, -seat / 2 + backThick / 2, seatZ, seat, backThick, back));
            return Accept(SceneObjectKind.Chair, solids, gap: 0.03);
        }

        private SceneObject? Cabinet()
        {
            double sx = U(0.4, 1.2), sy = U(0.35, 0.6), sz = U(0.6, 1.2);
            bool againstWall = Chance(0.7);
            Frame centre;
            if (againstWall)
            {
                var w = WallFrame(sx / 2);
                var (x, y) = w.ToWorld(0, U(0.01, 0.04) + sy / 2);
                centre = new Frame(x, y, w.Yaw);
            }
            else centre = FreeFrame(Math.Sqrt(sx * sx + sy * sy) / 2);
            double plinth = U(0.03, 0.1);
            var solids = new List<ISolid>
            {
                centre.Box(0, 0, 0, sx - 0.04, sy - 0.04, plinth),
                centre.Box(0, 0, plinth, sx, sy, sz - plinth),
            };
            var obj = Accept(SceneObjectKind.Cabinet, solids);
            if (obj is not null && sz <= 1.1) supports.Add(new Support(obj, centre, sx / 2, sy / 2, sz, []));
            return obj;
        }

        private SceneObject? Shelf()
        {
            double sx = U(0.6, 1.2), sy = U(0.25, 0.4), sz = Math.Min(U(1.2, 2.0), height - 0.2), board = U(0.018, 0.03);
            var w = WallFrame(sx / 2);
            double cy = U(0.01, 0.03) + sy / 2;
            var solids = new List<ISolid>
            {
                w.Box(-sx / 2 + board / 2, cy, 0, board, sy, sz),           // sides
                w.Box(sx / 2 - board / 2, cy, 0, board, sy, sz),
                w.Box(0, cy - sy / 2 + 0.005, 0, sx - 2 * board, 0.01, sz), // back panel
                w.Box(0, cy, 0, sx - 2 * board, sy, 0.06),                  // plinth / bottom
                w.Box(0, cy, sz - board, sx - 2 * board, sy, board),        // top
            };
            int shelves = rng.Next(2, 5);
            double inner = sz - 0.06 - board;
            for (int i = 1; i <= shelves; i++)
            {
                double z = 0.06 + inner * i / (shelves + 1);
                solids.Add(w.Box(0, cy, z, sx - 2 * board, sy, board));
                if (Chance(0.6))   // a row of books on the board below
                {
                    double booksWidth = U(0.15, sx - 2 * board - 0.05), booksHeight = Math.Min(U(0.15, 0.3), inner / (shelves + 1) - 0.03);
                    double bz = 0.06 + inner * (i - 1) / (shelves + 1) + (i == 1 ? 0 : board);
                    if (booksHeight > 0.05)
                        solids.Add(w.Box(U(-1, 1) * (sx / 2 - board - booksWidth / 2), cy + 0.005, bz, booksWidth, sy - 0.03, booksHeight));
                }
            }
            return Accept(SceneObjectKind.Shelf, solids);
        }

        private SceneObject? Wardrobe()
        {
            double sx = U(0.8, 1.6), sy = U(0.5, 0.65), sz = Math.Min(U(1.8, 2.2), height - 0.15);
            var w = WallFrame(sx / 2);
            double cy = U(0.01, 0.03) + sy / 2;
            var solids = new List<ISolid> { w.Box(0, cy, 0, sx, sy, sz) };
            if (Chance(0.5)) solids.Add(w.Box(0, cy + sy / 2 + 0.01, sz * 0.5, 0.02, 0.02, 0.25));   // a handle bar
            return Accept(SceneObjectKind.Wardrobe, solids);
        }

        private SceneObject? Bed()
        {
            double sx = U(0.9, 1.8), length = U(1.9, 2.1), frame = U(0.25, 0.35), mattress = U(0.15, 0.25), head = U(0.9, 1.15), headThick = 0.06;
            double total = Math.Min(frame + mattress, 0.6);
            var w = WallFrame(sx / 2);
            double g = U(0.01, 0.03);
            var solids = new List<ISolid>
            {
                w.Box(0, g + headThick / 2, 0, sx, headThick, head),
                w.Box(0, g + headThick + length / 2, 0, sx, length, frame),
                w.Box(0, g + headThick + length / 2, frame, sx - 0.04, length - 0.04, total - frame),
            };
            if (Chance(0.7))   // a pillow
                solids.Add(w.Box(0, g + headThick + 0.3, total, Math.Min(0.6, sx - 0.2), 0.4, 0.12));
            return Accept(SceneObjectKind.Bed, solids);
        }

        private SceneObject? Sofa()
        {
            double sx = U(1.6, 2.4), sy = U(0.8, 0.95), seatZ = U(0.4, 0.48), backZ = U(0.75, 0.9), backThick = U(0.15, 0.25), arm = U(0.15, 0.2), armZ = U(0.55, 0.65);
            Frame f;
            if (Chance(0.6))
            {
                var w = WallFrame(sx / 2);
                var (x, y) = w.ToWorld(0, U(0.02, 0.1) + sy / 2);
                f = new Frame(x, y, w.Yaw);
            }
            else f = FreeFrame(Math.Sqrt(sx * sx + sy * sy) / 2);
            var solids = new List<ISolid>
            {
                f.Box(0, backThick / 2, 0.05, sx - 2 * arm, sy - backThick, seatZ - 0.05),   // seat
                f.Box(0, -sy / 2 + backThick / 2, 0.05, sx, backThick, backZ - 0.05),
                f.Box(-sx / 2 + arm / 2, backThick / 2, 0.05, arm, sy - backThick, armZ - 0.05),
                f.Box(sx / 2 - arm / 2, backThick / 2, 0.05, arm, sy - backThick, armZ - 0.05),
            };
            foreach (var (lx, ly) in new[] { (-1, -1), (1, -1), (-1, 1), (1, 1) })   // short feet
                solids.Add(f.Cylinder(lx * (sx / 2 - 0.06), ly * (sy / 2 - 0.06), 0, 0.025, 0.05));
            return Accept(SceneObjectKind.Sofa, solids);
        }

        private SceneObject? FloorLamp()
        {
            double baseR = U(0.12, 0.18), baseH = U(0.02, 0.04), poleR = U(0.012, 0.02), shadeR = U(0.12, 0.2);
            double poleTop = Math.Min(U(1.3, 1.7), height - 0.25 - shadeR);
            var f = FreeFrame(Math.Max(baseR, shadeR));
            var solids = new List<ISolid>
            {
                f.Cylinder(0, 0, 0, baseR, baseH),
                f.Cylinder(0, 0, baseH, poleR, poleTop - baseH),
                f.Sphere(0, 0, poleTop, shadeR),
            };
            return Accept(SceneObjectKind.FloorLamp, solids, gap: 0.03);
        }

        private SceneObject? Ball()
        {
            double r = U(0.1, 0.35);
            var f = FreeFrame(r);
            return Accept(SceneObjectKind.Ball, [f.Sphere(0, 0, r, r)], gap: 0.02);
        }

        private SceneObject? Pillar()
        {
            bool round = Chance(0.5);
            double size = U(0.3, 0.6);
            Frame f;
            if (Chance(0.5))
            {
                // In a corner, touching both walls (axis-aligned).
                double h = size / 2;
                int corner = rng.Next(4);
                f = new Frame(corner % 2 == 0 ? h : width - h, corner < 2 ? h : depth - h, 0);
            }
            else f = FreeFrame(size * 0.75) with { Yaw = 0 };
            ISolid solid = round ? f.Cylinder(0, 0, 0, size / 2, height) : f.Box(0, 0, 0, size, size, height);
            return Accept(SceneObjectKind.Pillar, [solid]);
        }

        private SceneObject? DoorFrame()
        {
            double opening = U(0.8, 1.0), doorH = Math.Min(U(2.0, 2.1), height - 0.2), jamb = U(0.05, 0.1), protrude = U(0.02, 0.08);
            var w = WallFrame(opening / 2 + jamb);
            var solids = new List<ISolid>
            {
                w.Box(-(opening + jamb) / 2, protrude / 2, 0, jamb, protrude, doorH + jamb),
                w.Box((opening + jamb) / 2, protrude / 2, 0, jamb, protrude, doorH + jamb),
                w.Box(0, protrude / 2, doorH, opening, protrude, jamb),
            };
            if (Chance(0.7)) solids.Add(w.Box(0, 0.01, 0, opening, 0.02, doorH));   // the closed leaf, proud of the wall
            var obj = Accept(SceneObjectKind.DoorFrame, solids);
            if (obj is not null)
            {
                // Keep the way through the door clear.
                var (x0, y0) = w.ToWorld(-(opening / 2 + jamb), protrude);
                var (x1, y1) = w.ToWorld(opening / 2 + jamb, 0.9);
                reserved.Add(new Bounds3(Math.Min(x0, x1), Math.Min(y0, y1), 0, Math.Max(x0, x1), Math.Max(y0, y1), doorH + jamb));
            }
            return obj;
        }

        private SceneObject? WallShelf()
        {
            double sx = U(0.5, 1.2), sy = U(0.15, 0.3), thick = U(0.02, 0.04), z = U(1.0, Math.Min(1.9, height - 0.4));
            var w = WallFrame(sx / 2);
            var solids = new List<ISolid> { w.Box(0, sy / 2, z, sx, sy, thick) };
            if (Chance(0.6)) solids.Add(w.Box(U(-0.3, 0.3) * sx, sy / 2, z + thick, U(0.1, 0.3), sy - 0.04, U(0.1, 0.25)));   // things on it
            return Accept(SceneObjectKind.WallShelf, solids, gap: 0.02);
        }

        // ---- things on tops -----------------------------------------------------------------------------------

        // A centred frame on a support's top for a footprint of half diagonal r; null when the top is too small.
        private (Support Support, Frame Frame)? OnTop(double r)
        {
            var fitting = supports.Where(s => s.HalfX > r + 0.02 && s.HalfY > r + 0.02).ToList();
            if (fitting.Count == 0) return null;
            var s = fitting[rng.Next(fitting.Count)];
            var (x, y) = s.Centre.ToWorld(U(-1, 1) * (s.HalfX - r - 0.01), U(-1, 1) * (s.HalfY - r - 0.01));
            double yaw = s.Centre.Yaw + (Chance(0.5) ? 0 : U(-Math.PI, Math.PI));
            return (s, new Frame(x, y, yaw));
        }

        private SceneObject? Clutter()
        {
            double sx = U(0.1, 0.3), sy = U(0.1, 0.3), sz = U(0.05, 0.3);
            if (OnTop(Math.Sqrt(sx * sx + sy * sy) / 2) is not var (s, f)) return null;
            return Accept(SceneObjectKind.Clutter, [f.Box(0, 0, s.TopZ, sx, sy, sz)], s, gap: 0.01);
        }

        private SceneObject? TableLamp()
        {
            double baseR = U(0.06, 0.1), poleH = U(0.2, 0.35), shadeR = U(0.08, 0.14);
            if (OnTop(Math.Max(baseR, shadeR)) is not var (s, f)) return null;
            var solids = new List<ISolid>
            {
                f.Cylinder(0, 0, s.TopZ, baseR, 0.02),
                f.Cylinder(0, 0, s.TopZ + 0.02, U(0.008, 0.015), poleH),
                f.Sphere(0, 0, s.TopZ + 0.02 + poleH, shadeR),
            };
            return Accept(SceneObjectKind.TableLamp, solids, s, gap: 0.01);
        }

        private SceneObject? Vase()
        {
            bool onTop = supports.Count > 0 && Chance(0.6);
            double r = onTop ? U(0.04, 0.1) : U(0.1, 0.2), h = onTop ? U(0.15, 0.35) : U(0.4, 0.8);
            Support? s = null;
            Frame f;
            double z0 = 0;
            if (onTop)
            {
                if (OnTop(r) is not var (support, frame)) return null;
                (s, f, z0) = (support, frame, support.TopZ);
            }
            else f = FreeFrame(r);
            var solids = new List<ISolid>();
            if (Chance(0.5))
            {
                // A round body with a neck.
                solids.Add(f.Sphere(0, 0, z0 + r, r));
                solids.Add(f.Cylinder(0, 0, z0 + r, r * 0.4, Math.Max(h - r, r * 1.2)));
            }
            else solids.Add(f.Cylinder(0, 0, z0, r, h));
            return Accept(SceneObjectKind.Vase, solids, s, gap: 0.02);
        }
    }
}
