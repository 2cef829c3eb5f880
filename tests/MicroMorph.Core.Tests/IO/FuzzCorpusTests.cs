using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// Replays the fuzz harness's regression corpus (tests/Fuzzing/corpus, see docs/development/fuzzing.md):
/// every reproducer a campaign found, plus one case per error the campaigns met. Each must finish
/// within 10 s with the recorded outcome; an error must be a MicroMorph error (not ReaderFailed)
/// that names the file; a read of a file that only lost bytes must give the unmutated file's voxels.
/// </summary>
public class FuzzCorpusTests
{
    private static string CorpusFolder => Path.Combine(TestData.RepositoryRoot, "tests", "Fuzzing", "corpus");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(Path.Combine(CorpusFolder, "manifest.tsv")).Skip(1).Where(l => l.Length > 0))
        {
            data.Add(line.Split('\t')[0]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CorpusCaseGivesItsRecordedOutcome(string name)
    {
        var row = File.ReadLines(Path.Combine(CorpusFolder, "manifest.tsv")).Select(l => l.Split('\t')).First(r => r[0] == name);
        string main = row[1], oracle = row[2], expected = row[3];
        string path = Path.Combine(CorpusFolder, name, main);
        string? dataset = row.Length > 5 && row[5].Length > 0 ? row[5] : null;
        var read = Task.Run(() => VolumeReader.Read([path], new VolumeReadOptions { Dataset = dataset }));
        Exception? failure = null;
        Volume? volume = null;
        try
        {
            volume = await read.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{name} did not finish within 10 s");
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (failure is null)
        {
            Assert.StartsWith("ok", expected);
            if (oracle.Length > 0)
            {
                Assert.Equal(oracle, volume!.ContentHash);
            }

            return;
        }

        var error = Assert.IsType<MicroMorphException>(failure);
        Assert.NotEqual("ReaderFailed", error.ErrorId);
        Assert.Contains(Path.GetFileName(path), error.Message);
        Assert.Equal(expected, "error:" + error.ErrorId);
    }
}
