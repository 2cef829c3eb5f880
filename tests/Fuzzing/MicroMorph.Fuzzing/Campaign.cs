using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MicroMorph.Fuzzing;

/// <summary>
/// The campaign driver: splits each format's cases into batches, runs every batch in a child
/// process and watches it. A case that does not finish within the time limit is a hang; a child
/// whose working set passes the memory limit is stopped and its case recorded as a memory defect;
/// a child that dies is a crash. Hanging, memory and crashing cases are regenerated here
/// (the mutants are deterministic) and saved as reproducers, as are all other defects.
/// </summary>
internal static class Campaign
{
    public static int Run(Dictionary<string, string> o)
    {
        double seconds = double.Parse(o.GetValueOrDefault("seconds", "60"), CultureInfo.InvariantCulture);
        int maxCases = int.Parse(o.GetValueOrDefault("cases", "1000000000"), CultureInfo.InvariantCulture);
        int seed = int.Parse(o.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
        int parallel = int.Parse(o.GetValueOrDefault("parallel", "1"), CultureInfo.InvariantCulture);
        int batch = int.Parse(o.GetValueOrDefault("batch", "400"), CultureInfo.InvariantCulture);
        double timeout = double.Parse(o.GetValueOrDefault("timeout", "10"), CultureInfo.InvariantCulture);
        long memoryLimit = long.Parse(o.GetValueOrDefault("memory-mib", "1024"), CultureInfo.InvariantCulture) << 20;
        var formats = o.GetValueOrDefault("formats", string.Join(',', Program.AllFormats)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string root = o.TryGetValue("root", out var given) ? Path.GetFullPath(given) : FindRoot();
        string output = Path.GetFullPath(o.GetValueOrDefault("out", Path.Combine(root, "out/fuzz")));
        Directory.CreateDirectory(output);
        string seedDir = Path.Combine(output, "seeds");
        Seeds.Build(seedDir, root);
        var seeds = Seeds.Load(seedDir);
        string work = Path.Combine(Path.GetTempPath(), "mmfuzz-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);

        var results = new List<(string Format, int Index, Outcome Outcome, long Ms, long Mib, long Bytes)>();
        var next = formats.ToDictionary(f => f, _ => 0);
        var deadline = Stopwatch.StartNew();
        long peakWorkingSet = 0;
        int turn = 0;
        var running = new List<Task<List<(string, int, Outcome, long, long, long)>>>();
        var gate = new object();
        int started = 0;
        while (true)
        {
            while (running.Count < parallel && deadline.Elapsed.TotalSeconds < seconds && started < maxCases)
            {
                string format = formats[turn++ % formats.Length];
                int first = next[format];
                int count = Math.Min(batch, maxCases - started);
                next[format] += count;
                started += count;
                running.Add(Task.Run(() => RunBatch(seedDir, format, seed, first, count, work, timeout, memoryLimit, seconds - deadline.Elapsed.TotalSeconds, ws =>
                {
                    lock (gate)
                    {
                        peakWorkingSet = Math.Max(peakWorkingSet, ws);
                    }
                })));
            }

            if (running.Count == 0)
            {
                break;
            }

            int done = Task.WaitAny([.. running]);
            results.AddRange(running[done].Result);
            running.RemoveAt(done);
            Console.Error.Write($"\r{results.Count} cases, {deadline.Elapsed.TotalSeconds:F0} s, defects {results.Count(x => x.Outcome.IsDefect)}   ");
        }

        Console.Error.WriteLine();
        Directory.Delete(work, true);
        Report(output, seeds, seed, results, deadline.Elapsed.TotalSeconds, peakWorkingSet);
        return results.Any(r => r.Outcome.IsDefect) ? 1 : 0;
    }

    private static List<(string, int, Outcome, long, long, long)> RunBatch(string seedDir, string format, int seed, int first, int count, string work, double timeout, long memoryLimit, double secondsLeft, Action<long> peak)
    {
        var results = new List<(string, int, Outcome, long, long, long)>();
        int position = first, end = first + count;
        var batchWatch = Stopwatch.StartNew();
        while (position < end && batchWatch.Elapsed.TotalSeconds < secondsLeft + timeout)
        {
            var psi = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "child", seedDir, format, seed.ToString(CultureInfo.InvariantCulture), position.ToString(CultureInfo.InvariantCulture), (end - position).ToString(CultureInfo.InvariantCulture), work])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["DOTNET_gcServer"] = "0";
            using var child = Process.Start(psi)!;
            var lines = new System.Collections.Concurrent.BlockingCollection<string>();
            child.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    lines.CompleteAdding();
                }
                else
                {
                    lines.Add(e.Data);
                }
            };
            var errors = new StringBuilder();
            child.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null && errors.Length < 4000)
                {
                    errors.AppendLine(e.Data);
                }
            };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            int current = -1;
            var caseWatch = Stopwatch.StartNew();
            string? killed = null;
            while (!lines.IsCompleted)
            {
                if (lines.TryTake(out string? line, 50))
                {
                    var parts = line.Split('\t');
                    if (parts[0] == "START")
                    {
                        current = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        caseWatch.Restart();
                    }
                    else if (parts[0] == "DONE" && parts.Length >= 6)
                    {
                        int i = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        string[] kind = parts[2].Split(':', 2);
                        results.Add((format, i, new Outcome(kind[0], kind.Length > 1 ? kind[1] : string.Empty), long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture), long.Parse(parts[5], CultureInfo.InvariantCulture)));
                        position = i + 1;
                        current = -1;
                    }
                }

                try
                {
                    child.Refresh();
                    long ws = child.HasExited ? 0 : child.WorkingSet64;
                    peak(ws);
                    if (current >= 0 && caseWatch.Elapsed.TotalSeconds > timeout)
                    {
                        killed = "hang";
                    }
                    else if (current >= 0 && ws > memoryLimit)
                    {
                        killed = "memory";
                    }
                }
                catch (InvalidOperationException)
                {
                }

                if (killed is not null)
                {
                    try
                    {
                        child.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    break;
                }
            }

            child.WaitForExit();
            if (killed is null && current < 0 && position >= end)
            {
                break;
            }

            if (current < 0)
            {
                // Died between cases (or before the first): record the next case as the crash.
                current = position;
            }

            string detail = killed is null
                ? $"exit {child.ExitCode}: {errors.ToString().Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim() ?? errors.ToString().Trim().Split('\n')[0]}"
                : killed == "hang" ? $"no result within {timeout} s" : $"working set above {memoryLimit >> 20} MiB";
            results.Add((format, current, new Outcome(killed ?? "crash", detail.Replace('\t', ' ')), (long)caseWatch.Elapsed.TotalMilliseconds, 0, 0));
            position = current + 1;
        }

        return results;
    }

    private static void Report(string output, Seeds seeds, int seed, List<(string Format, int Index, Outcome Outcome, long Ms, long Mib, long Bytes)> results, double seconds, long peakWorkingSet)
    {
        var tsv = new StringBuilder("format\tcase\toutcome\tms\tallocated_mib\tbytes\tmutation\n");
        string reproducers = Path.Combine(output, "reproducers");
        if (Directory.Exists(reproducers))
        {
            Directory.Delete(reproducers, true);
        }

        foreach (var r in results.OrderBy(r => r.Format, StringComparer.Ordinal).ThenBy(r => r.Index))
        {
            var (mutant, main, oracle, dataset) = seeds.Case(r.Format, seed, r.Index);
            tsv.Append(CultureInfo.InvariantCulture, $"{r.Format}\t{r.Index}\t{r.Outcome}\t{r.Ms}\t{r.Mib}\t{r.Bytes}\t{Clean(mutant.Description)}\n");
            if (r.Outcome.IsDefect || r.Ms > 10_000 || (r.Mib > 1024 && r.Bytes < 1 << 20))
            {
                string dir = Path.Combine(reproducers, $"{r.Format}-{r.Index}");
                Seeds.Write(dir, mutant);
                File.WriteAllLines(Path.Combine(dir, "case.txt"), [main, oracle ?? string.Empty, Clean(mutant.Description), Clean(r.Outcome.ToString()), dataset]);
            }
        }

        File.WriteAllText(Path.Combine(output, "results.tsv"), tsv.ToString());
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Campaign seed {seed}: {results.Count} cases in {seconds:F0} s ({Environment.ProcessorCount} cores); peak child working set {peakWorkingSet >> 20} MiB; slowest case {results.Select(r => r.Ms).DefaultIfEmpty().Max()} ms; most allocated by one case {results.Select(r => r.Mib).DefaultIfEmpty().Max()} MiB.");
        md.AppendLine();
        md.AppendLine("| format | cases | ok | ok, equal to the unmutated file (oracle) | MicroMorph error | defects |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var g in results.GroupBy(r => r.Format).OrderBy(g => Array.IndexOf(Program.AllFormats, g.Key)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} | {g.Count(r => r.Outcome.Kind == "ok")} | {g.Count(r => r.Outcome.Kind == "ok-same")} | {g.Count(r => r.Outcome.Kind == "error")} | {g.Count(r => r.Outcome.IsDefect)} |");
        }

        md.AppendLine();
        md.AppendLine("| outcome | cases |");
        md.AppendLine("|---|---:|");
        foreach (var g in results.GroupBy(r => r.Outcome.Kind is "error" or "ok" or "ok-same" ? r.Outcome.ToString() : r.Outcome.Kind + ":" + r.Outcome.Detail.Split(':')[0]).OrderByDescending(g => g.Count()))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} |");
        }

        File.WriteAllText(Path.Combine(output, "summary.md"), md.ToString());
        Console.WriteLine(md.ToString());
    }

    /// <summary>One line of text: control characters (chunk types and header lines may hold any byte) as '?'.</summary>
    internal static string Clean(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroMorph.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
