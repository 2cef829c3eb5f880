using MicroMorph.Core.Errors;
using MicroMorph.Core.IO;

namespace MicroMorph.Core.Tests.IO;

public class AtomicFileWriterTests
{
    [Fact]
    public void ExistingFileIsKeptWithoutForce()
    {
        using var dir = new TempFolder();
        string target = dir.File("out.bin");
        File.WriteAllText(target, "original");
        var ex = Assert.Throws<MicroMorphException>(() => AtomicFileWriter.Write(target, t => File.WriteAllText(t, "new"), force: false));
        Assert.Equal("OutputExists", ex.ErrorId);
        Assert.Equal("original", File.ReadAllText(target));
        AtomicFileWriter.Write(target, t => File.WriteAllText(t, "new"), force: true);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void FailureMidwayLeavesNoFileBehind()
    {
        using var dir = new TempFolder();
        Assert.Throws<MicroMorphException>(() => AtomicFileWriter.Write(
            [
                (dir.File("a.raw"), t => File.WriteAllText(t, "complete")),
                (dir.File("a.mhd"), t =>
                {
                    File.WriteAllText(t, "half");
                    throw new IOException("disk full");
                }),
            ],
            force: false));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void MissingOutputFolderIsNamed()
    {
        var ex = Assert.Throws<MicroMorphException>(() => AtomicFileWriter.Write("/nonexistent-folder-mm/x.tif", _ => { }, force: false));
        Assert.Equal("OutputDirectoryNotFound", ex.ErrorId);
        Assert.Contains("nonexistent-folder-mm", ex.Message);
    }

    [Fact]
    public void TemporaryNameIsReadableWhenItFitsAndShortWhenNot()
    {
        Assert.Matches(@"^\.out\.tif\.[0-9a-f]{8}\.tmp$", AtomicFileWriter.TemporaryName("out.tif"));
        // 250 characters: the readable name would be 264, over the 255 a name may have.
        Assert.Matches(@"^\.mm-[0-9a-f]{8}\.tmp$", AtomicFileWriter.TemporaryName(new string('v', 246) + ".tif"));
        // 120 two-byte characters fit 255 UTF-16 units but not 255 UTF-8 bytes (Linux counts bytes).
        Assert.Matches(@"^\.mm-[0-9a-f]{8}\.tmp$", AtomicFileWriter.TemporaryName(new string('\u00b5', 120) + ".tif"));
    }

    [Fact]
    public void LongestNameTheSystemTakesIsWritten()
    {
        using var dir = new TempFolder();
        string target = dir.File(new string('v', 246) + ".tif");
        AtomicFileWriter.Write(target, t => File.WriteAllText(t, "data"), force: false);
        Assert.Equal("data", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
