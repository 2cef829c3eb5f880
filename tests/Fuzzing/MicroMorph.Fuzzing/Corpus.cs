using System.Globalization;

namespace MicroMorph.Fuzzing;

/// <summary>
/// The regression corpus (tests/Fuzzing/corpus): every reproducer a campaign found, small, with the
/// outcome the readers give it once fixed. manifest.tsv lists per case its folder, main file, the
/// unmutated file's content hash when only bytes were removed (the oracle), the expected outcome,
/// the mutation and the HDF5 dataset read (empty: none given). MicroMorph.Core.Tests (FuzzCorpusTests)
/// replays it in the normal test run.
/// </summary>
internal static class Corpus
{
    public static int Add(string corpus, string[] reproducers)
    {
        Directory.CreateDirectory(corpus);
        string manifest = Path.Combine(corpus, "manifest.tsv");
        if (!File.Exists(manifest))
        {
            File.WriteAllText(manifest, "case\tmain\toracle\texpected\tmutation\tdataset\n");
        }

        int failures = 0;
        foreach (var dir in reproducers)
        {
            var info = File.ReadAllLines(Path.Combine(dir, "case.txt"));
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dir));
            string target = Path.Combine(corpus, name);
            if (Directory.Exists(target))
            {
                continue;
            }

            string main = info[0];
            string? oracle = info[1].Length == 0 ? null : info[1];
            string dataset = info.Length > 4 ? info[4] : string.Empty;
            var outcome = Reader.Classify(Seeds.MainPath(dir, main), oracle, dataset);
            if (outcome.IsDefect)
            {
                Console.Error.WriteLine($"{name}: still a defect ({outcome}); not added.");
                failures++;
                continue;
            }

            foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "case.txt"))
            {
                string to = Path.Combine(target, Path.GetRelativePath(dir, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }

            Directory.CreateDirectory(Path.Combine(target, main == "slices" ? "slices" : "."));
            File.AppendAllText(manifest, string.Create(CultureInfo.InvariantCulture, $"{name}\t{main}\t{oracle}\t{outcome}\t{info[2].Replace('\t', ' ')} (found as {info[3]})\t{dataset}\n"));
            Console.WriteLine($"{name}: {outcome}");
        }

        return failures == 0 ? 0 : 1;
    }
}
