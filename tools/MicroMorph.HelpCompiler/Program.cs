using MicroMorph.HelpCompiler;

// Usage: MicroMorph.HelpCompiler <docs-folder> <output-folder> [--check]
//   --check: write nothing; exit 1 when the output folder is out of date.
if (args.Length is < 2 or > 3 || (args.Length == 3 && args[2] != "--check"))
{
    Console.Error.WriteLine("Usage: MicroMorph.HelpCompiler <docs-folder> <output-folder> [--check]");
    return 2;
}

try
{
    if (args.Length == 3)
    {
        var stale = HelpCompiler.Compile(args[0])
            .Where(kv => !File.Exists(Path.Combine(args[1], kv.Key)) || File.ReadAllText(Path.Combine(args[1], kv.Key)).ReplaceLineEndings("\n") != kv.Value)
            .Select(kv => kv.Key)
            .ToArray();
        foreach (string name in stale)
        {
            Console.Error.WriteLine($"{Path.Combine(args[1], name)} is out of date with {args[0]}.");
        }

        return stale.Length == 0 ? 0 : 1;
    }

    foreach (string path in HelpCompiler.Write(args[0], args[1]))
    {
        Console.WriteLine(path);
    }

    return 0;
}
catch (HelpFormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
