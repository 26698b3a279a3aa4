using NiceSlam.Fuzzing.Mutation;

namespace NiceSlam.Fuzzing;

/// <summary>
/// One reader under fuzzing. <see cref="Run"/> reads an input completely, as its users do (a bag: every message; a
/// dataset: every frame); returning is a valid read, throwing is a rejection. A rejection is clean when
/// <see cref="IsCleanRejection"/> says so: the reader's own exception type, whose message names the file or topic
/// and the reason. Anything else thrown is a crash; see <see cref="FuzzRunner"/> for hangs and over-allocations.
/// </summary>
public abstract class FuzzTarget : IDisposable
{
    /// <summary>The name used by `nice-slam fuzz &lt;target&gt;` and in reports.</summary>
    public abstract string Name { get; }

    /// <summary>What is read, for `nice-slam fuzz --list` and the report.</summary>
    public abstract string Description { get; }

    /// <summary>The exception type that counts as a clean rejection (for the report).</summary>
    public abstract string CleanRejection { get; }

    /// <summary>The valid inputs mutations start from (each must be a valid read unmutated).</summary>
    public abstract IReadOnlyList<FuzzSeed> Seeds { get; }

    /// <summary>Managed bytes a reader may allocate per input byte: a reader decoding what it reads allocates a few
    /// times its input (strings, arrays of doubles from bytes, decompressed chunks), never what a length field says.</summary>
    public virtual long AllocationFactor => 16;

    /// <summary>Managed bytes a reader may allocate whatever the input (buffers, parsers, a database connection).</summary>
    public virtual long AllocationAllowance => 8L << 20;

    /// <summary>The most managed bytes reading <paramref name="input"/> may allocate.</summary>
    public virtual long AllocationLimit(FuzzCase input) => AllocationAllowance + AllocationFactor * input.Data.Length;

    /// <summary>True when the reader calls native code (SQLite, OpenCV, libtorch) whose allocations the managed
    /// count misses: the process's resident memory is then watched too (Linux; it costs about a millisecond an input).</summary>
    public virtual bool CallsNativeCode => false;

    /// <summary>How far the whole process's resident memory may peak above its level before an input: native
    /// allocations (SQLite, OpenCV) count here. Generous, because other threads of the process allocate too; it is
    /// there to catch a length field turned into gigabytes.</summary>
    public virtual long ResidentLimit(FuzzCase input) => (256L << 20) + 64L * input.Data.Length;

    /// <summary>The next input: a seed picked at random, mutated. Targets that must re-seal a mutated input (a
    /// checksum, a length in a header) override this.</summary>
    public virtual FuzzCase Next(Mutator mutator)
    {
        var seed = Seeds[mutator.Random.Next(Seeds.Count)];
        return new FuzzCase(seed.Variant, mutator.Mutate(seed));
    }

    /// <summary>Reads <paramref name="input"/> completely; throws when the reader rejects it.</summary>
    public abstract void Run(FuzzCase input);

    /// <summary>True when <paramref name="error"/> is a clean rejection of <paramref name="input"/>.</summary>
    public abstract bool IsCleanRejection(Exception error, FuzzCase input);

    /// <summary>A rejection's message for the report's list of reasons (the work folder blanked).</summary>
    public virtual string ReasonOf(Exception error) =>
        workFolder is null ? error.Message : error.Message.Replace(workFolder, "<tmp>", StringComparison.Ordinal);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && workFolder is not null)
        {
            try { Directory.Delete(workFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            workFolder = null;
        }
    }

    /// <summary>A private temporary folder for the files a target writes its inputs to (deleted on dispose).</summary>
    protected string WorkFolder => workFolder ??= Directory.CreateTempSubdirectory($"niceslam-fuzz-{Name}-").FullName;

    private string? workFolder;

    /// <summary>The seed called <paramref name="variant"/>.</summary>
    protected FuzzSeed Seed(string variant) =>
        Seeds.FirstOrDefault(s => s.Variant == variant) ?? throw new ArgumentException($"{Name}: no seed '{variant}'", nameof(variant));
}
