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
}
