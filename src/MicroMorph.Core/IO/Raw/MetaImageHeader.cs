using System.Globalization;
using System.Text;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO.Raw;

/// <summary>
/// A MetaImage header (ITK / Fiji / ParaView convention): <c>Key = Value</c> lines ending with
/// <c>ElementDataFile</c>, which names the data file (relative to the header) or is <c>LOCAL</c>
/// (.mha: the data follows the header). Supported: NDims 2 or 3, one channel, uncompressed
/// MET_UCHAR, MET_USHORT, MET_SHORT, MET_UINT and MET_FLOAT, either byte order, HeaderSize (-1: data at
/// the end of the file).
/// <para>
/// MetaImage has no unit. MicroMorph writes <c>MicroMorph_Unit</c> and one
/// <c>MicroMorph_Metadata_&lt;key&gt; = value</c> line per metadata entry (key and value URI-escaped);
/// other programs ignore them. Headers without <c>MicroMorph_Unit</c> get ITK's unit, mm, unless every
/// spacing is 1 (then the volume is uncalibrated).
/// </para>
/// </summary>
internal sealed class MetaImageHeader
{
    public const string UnitKey = "MicroMorph_Unit";
    public const string MetadataPrefix = "MicroMorph_Metadata_";
    private const int MaxHeaderBytes = 1 << 20;

    private static readonly Dictionary<string, VoxelDataType> ElementTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MET_UCHAR"] = VoxelDataType.UInt8,
        ["MET_USHORT"] = VoxelDataType.UInt16,
        ["MET_SHORT"] = VoxelDataType.Int16,
        ["MET_UINT"] = VoxelDataType.UInt32,
        ["MET_FLOAT"] = VoxelDataType.Float32,
    };

    private MetaImageHeader(int width, int height, int depth, VoxelDataType dataType, ByteOrder byteOrder, VoxelSize voxelSize, string dataPath, long dataOffset, IReadOnlyList<(string Key, string Value)> metadata)
    {
        Width = width;
        Height = height;
        Depth = depth;
        DataType = dataType;
        ByteOrder = byteOrder;
        VoxelSize = voxelSize;
        DataPath = dataPath;
        DataOffset = dataOffset;
        Metadata = metadata;
    }

    public int Width { get; }

    public int Height { get; }

    public int Depth { get; }

    public VoxelDataType DataType { get; }

    public ByteOrder ByteOrder { get; }

    public VoxelSize VoxelSize { get; }

    /// <summary>The file holding the voxels (the header itself for LOCAL).</summary>
    public string DataPath { get; }

    /// <summary>Where the voxels start in <see cref="DataPath"/>.</summary>
    public long DataOffset { get; }

    public IReadOnlyList<(string Key, string Value)> Metadata { get; }

    public static string Format(Volume volume, string rawFileName, ByteOrder byteOrder)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void Line(string key, string value) => sb.Append(key).Append(" = ").Append(value).Append('\n');
        var size = volume.VoxelSize;
        Line("ObjectType", "Image");
        Line("NDims", "3");
        Line("BinaryData", "True");
        Line("BinaryDataByteOrderMSB", byteOrder == ByteOrder.BigEndian ? "True" : "False");
        Line("CompressedData", "False");
        Line("TransformMatrix", "1 0 0 0 1 0 0 0 1");
        Line("Offset", "0 0 0");
        Line("CenterOfRotation", "0 0 0");
        Line("ElementSpacing", string.Create(inv, $"{size.X:R} {size.Y:R} {size.Z:R}"));
        Line("DimSize", string.Create(inv, $"{volume.Width} {volume.Height} {volume.Depth}"));
        Line("ElementNumberOfChannels", "1");
        Line("ElementType", ElementTypes.First(kv => kv.Value == volume.DataType).Key);
        Line(UnitKey, size.Unit);
        foreach (var (key, value) in PhaseTableMetadata.ForWriting(volume))
        {
            Line(MetadataPrefix + Uri.EscapeDataString(key), Uri.EscapeDataString(value));
        }

        Line("ElementDataFile", rawFileName);
        return sb.ToString();
    }

    public static MetaImageHeader Read(string path)
    {
        var (fields, headerLength) = ReadFields(path);
        string Get(string key) => fields.TryGetValue(key, out var v) ? v : throw Corrupt(path, $"it has no {key} entry");

        if (fields.TryGetValue("ObjectType", out var objectType) && !objectType.Equals("Image", StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported(path, $"its ObjectType is '{objectType}'; only Image is supported");
        }

        int ndims = ParseInts(path, "NDims", Get("NDims"), 1)[0];
        if (ndims is not (2 or 3))
        {
            throw Unsupported(path, string.Create(CultureInfo.InvariantCulture, $"it has {ndims} dimensions; only 2D and 3D images are supported"));
        }

        var dims = ParseInts(path, "DimSize", Get("DimSize"), ndims);
        if (dims.Any(d => d < 1))
        {
            throw Corrupt(path, $"its DimSize '{Get("DimSize")}' holds a size below 1");
        }

        string elementType = Get("ElementType");
        if (!ElementTypes.TryGetValue(elementType, out var dataType))
        {
            throw Unsupported(path, $"its ElementType {elementType} is not supported (use MET_UCHAR, MET_USHORT, MET_SHORT, MET_UINT or MET_FLOAT)");
        }

        if (fields.TryGetValue("ElementNumberOfChannels", out var channels) && ParseInts(path, "ElementNumberOfChannels", channels, 1)[0] != 1)
        {
            throw Unsupported(path, $"it has {channels} channels per voxel; only single-channel images are supported");
        }

        if (IsTrue(fields, "CompressedData"))
        {
            throw Unsupported(path, "its data is compressed (CompressedData = True); only uncompressed data is supported");
        }

        if (fields.TryGetValue("BinaryData", out var binary) && !IsTrueValue(binary))
        {
            throw Unsupported(path, "its data is ASCII text (BinaryData = False); only binary data is supported");
        }

        var byteOrder = IsTrue(fields, "BinaryDataByteOrderMSB") || IsTrue(fields, "ElementByteOrderMSB") ? ByteOrder.BigEndian : ByteOrder.LittleEndian;
        int width = dims[0], height = dims[1], depth = ndims == 3 ? dims[2] : 1;
        try
        {
            Volume.ValidateDimensions(width, height, depth, dataType);
        }
        catch (MicroMorphException ex)
        {
            throw VolumeSizeGuard.Named(ex, path);
        }

        string? spacingText = fields.TryGetValue("ElementSpacing", out var sp) ? sp : fields.TryGetValue("ElementSize", out var es) ? es : null;
        var spacing = spacingText is null ? null : ParseDoubles(path, "ElementSpacing", spacingText, ndims);
        VoxelSize voxelSize = VoxelSize.Uncalibrated;
        if (spacing is not null)
        {
            double sx = spacing[0], sy = spacing[1], sz = ndims == 3 ? spacing[2] : spacing[0];
            if (new[] { sx, sy, sz }.Any(v => !double.IsFinite(v) || v <= 0))
            {
                throw Corrupt(path, $"its ElementSpacing '{spacingText}' holds a value that is not positive");
            }

            string? unit = fields.TryGetValue(UnitKey, out var u) && !string.IsNullOrWhiteSpace(u) ? u : null;
            if (unit is null && !(sx == 1 && sy == 1 && sz == 1))
            {
                unit = "mm";
            }

            voxelSize = unit is null ? VoxelSize.Uncalibrated : new VoxelSize(sx, sy, sz, unit);
        }

        var metadata = new List<(string, string)>();
        foreach (var (key, value) in fields)
        {
            if (key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) && key.Length > MetadataPrefix.Length)
            {
                metadata.Add((Uri.UnescapeDataString(key[MetadataPrefix.Length..]), Uri.UnescapeDataString(value)));
            }
        }

        long dataBytes = (long)width * height * depth * dataType.BytesPerVoxel();
        string dataFile = Get("ElementDataFile");
        string dataPath;
        long fixedHeader = fields.TryGetValue("HeaderSize", out var hs) ? ParseLong(path, hs) : 0;
        if (dataFile.Equals("LOCAL", StringComparison.OrdinalIgnoreCase))
        {
            dataPath = path;
            fixedHeader = fixedHeader == -1 ? -1 : headerLength + fixedHeader;
        }
        else if (dataFile.Equals("LIST", StringComparison.OrdinalIgnoreCase) || dataFile.Contains('%', StringComparison.Ordinal))
        {
            throw Unsupported(path, $"its data is split over several files (ElementDataFile = {dataFile}); only one data file is supported");
        }
        else
        {
            dataPath = Path.IsPathRooted(dataFile) ? dataFile : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", dataFile);
            if (!File.Exists(dataPath))
            {
                throw new MicroMorphException(
                    "MetaImageDataFileNotFound",
                    MicroMorphErrorKind.ObjectNotFound,
                    $"The data file '{dataPath}' named by the MetaImage header '{path}' (ElementDataFile = {dataFile}) does not exist.",
                    dataPath);
            }
        }

        long fileBytes = new FileInfo(dataPath).Length;
        long offset = fixedHeader == -1 ? fileBytes - dataBytes : fixedHeader;
        bool self = string.Equals(Path.GetFullPath(dataPath), Path.GetFullPath(path), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        if (self && offset >= 0 && offset < headerLength)
        {
            // ElementDataFile naming the header itself (or LOCAL) with HeaderSize = -1 and a data size
            // that reaches into the header text: the header's own bytes would be read as voxels (issue 20).
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its voxel data (ElementDataFile = {dataFile}, {dataBytes} bytes from byte {offset}) overlaps its own {headerLength}-byte header text"));
        }

        if (fixedHeader < -1 || offset < 0 || offset + dataBytes != fileBytes)
        {
            throw MicroMorphException.InvalidData(
                "MetaImageDataSizeMismatch",
                string.Create(CultureInfo.InvariantCulture, $"The data file '{dataPath}' has {fileBytes} bytes, but the header '{path}' describes {width} x {height} x {depth} {dataType} voxels ({dataBytes} bytes) starting at byte {Math.Max(0, offset)}, which needs {Math.Max(0, offset) + dataBytes} bytes."),
                dataPath);
        }

        return new MetaImageHeader(width, height, depth, dataType, byteOrder, voxelSize, dataPath, offset, metadata);
    }

    /// <summary>Parses lines up to and including ElementDataFile; returns the fields and the header's length in bytes.</summary>
    private static (Dictionary<string, string> Fields, long Length) ReadFields(string path)
    {
        byte[] head;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            head = new byte[(int)Math.Min(stream.Length, MaxHeaderBytes)];
            stream.ReadExactly(head);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MicroMorphException("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"The path '{path}' does not exist.", path, ex);
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int pos = 0;
        int lineNumber = 0;
        while (pos < head.Length)
        {
            int end = Array.IndexOf(head, (byte)'\n', pos);
            int next = end < 0 ? head.Length : end + 1;
            string line = Encoding.UTF8.GetString(head, pos, (end < 0 ? head.Length : end) - pos).TrimEnd('\r');
            pos = next;
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || line.Contains('\0', StringComparison.Ordinal))
            {
                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber} is not a 'Key = Value' entry"));
            }

            string key = line[..eq].Trim();
            fields[key] = line[(eq + 1)..].Trim();
            if (key.Equals("ElementDataFile", StringComparison.OrdinalIgnoreCase))
            {
                return (fields, pos);
            }
        }

        throw Corrupt(path, "it has no ElementDataFile entry");
    }

    private static bool IsTrue(Dictionary<string, string> fields, string key) => fields.TryGetValue(key, out var v) && IsTrueValue(v);

    private static bool IsTrueValue(string v) => v.Equals("True", StringComparison.OrdinalIgnoreCase) || v == "1";

    private static int[] ParseInts(string path, string key, string text, int count)
    {
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var result = new int[count];
        if (parts.Length < count)
        {
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its {key} '{text}' does not hold {count} whole number(s)"));
        }

        for (int i = 0; i < count; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i]))
            {
                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its {key} '{text}' does not hold {count} whole number(s)"));
            }
        }

        return result;
    }

    private static double[] ParseDoubles(string path, string key, string text, int count)
    {
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var result = new double[count];
        if (parts.Length < count)
        {
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its {key} '{text}' does not hold {count} number(s)"));
        }

        for (int i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
            {
                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its {key} '{text}' does not hold {count} number(s)"));
            }
        }

        return result;
    }

    private static long ParseLong(string path, string text) =>
        long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw Corrupt(path, $"its HeaderSize '{text}' is not a whole number");

    private static MicroMorphException Corrupt(string path, string detail) =>
        MicroMorphException.InvalidData("MetaImageCorrupt", $"The MetaImage header '{path}' is malformed: {detail}.", path);

    private static MicroMorphException Unsupported(string path, string detail) =>
        new("MetaImageUnsupported", MicroMorphErrorKind.NotSupported, $"The MetaImage '{path}' cannot be read: {detail}.", path);
}
