using NiceSlam.Data.Datasets;
using NiceSlam.Data.Synthetic;

namespace NiceSlam.Data.Tests.Synthetic;

public sealed class SyntheticTumRoundTripTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("niceslam-synth-tum-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_written_synthetic_sequence_reads_back_through_the_tum_reader()
    {
        var sequence = new SyntheticSequence(new SyntheticSequenceOptions { Width = 64, Height = 48, FrameCount = 6, HoleFraction = 0.1 });
        TumLayoutWriter.Write(sequence, dir);
        var dataset = DatasetFactory.Open(dir);
        Assert.IsType<TumRgbdDataset>(dataset);
        Assert.Equal(6, dataset.Count);
        Assert.Equal(sequence.Intrinsics, dataset.Intrinsics);
        for (int i = 0; i < 6; i += 5)
        {
            var original = sequence.ReadFrame(i);
            var read = dataset.ReadFrame(i);
            Assert.Equal(original.Timestamp, read.Timestamp, 6);
            Assert.Equal(original.Rgb, read.Rgb);
            // 16-bit depth at 5000 units per metre: within half a unit, and holes stay holes.
            for (int p = 0; p < original.Depth.Length; p++)
            {
                Assert.Equal(original.Depth[p] == 0, read.Depth[p] == 0);
                Assert.InRange(read.Depth[p] - original.Depth[p], -0.5 / 5000 - 1e-6, 0.5 / 5000 + 1e-6);
            }
            double[] expected = original.GroundTruthPose!.Value.ToMatrix(), actual = read.GroundTruthPose!.Value.ToMatrix();
            for (int k = 0; k < 16; k++) Assert.Equal(expected[k], actual[k], 6);
        }
    }
}
