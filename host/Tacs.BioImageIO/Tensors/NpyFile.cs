using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tacs.BioImageIO.Tensors;

/// <summary>
/// NumPy's .npy format, versions 1–3: the magic "\x93NUMPY", a version, the length of a Python-dict text header
/// (descr, fortran_order, shape), then the raw array. Reads float32/float64 and integer arrays as float32; writes float32.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads an array; the caller names its axes.</summary>
    /// <param name="bytes">The file's contents.</param>
    /// <param name="name">Name used in error messages.</param>
    /// <returns>Shape and values as float32.</returns>
    /// <exception cref="InvalidDataException">Not an .npy file, Fortran order, or an element type other than float or integer.</exception>
    public static (int[] Shape, float[] Data) Read(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{name} is not a NumPy .npy file (it does not start with \\x93NUMPY).");
        }

        var major = bytes[6];
        var (headerLength, start) = major == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        if (start + headerLength > bytes.Length)
        {
            throw new InvalidDataException($"{name}: the .npy header is cut short.");
        }

        var header = Encoding.Latin1.GetString(bytes, start, headerLength);
        var descr = DescrPattern().Match(header);
        var shapeMatch = ShapePattern().Match(header);
        if (!descr.Success || !shapeMatch.Success)
        {
            throw new InvalidDataException($"{name}: unreadable .npy header '{header.Trim()}'.");
        }

        if (FortranPattern().IsMatch(header))
        {
            throw new InvalidDataException($"{name} is stored in Fortran (column-major) order; save it with numpy.ascontiguousarray first.");
        }

        var shape = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var type = descr.Groups[1].Value;
        var size = type.Length > 2 ? int.Parse(type[2..], CultureInfo.InvariantCulture) : 0;
        var data = new float[count];
        var body = bytes.AsSpan(start + headerLength);
        if (body.Length < count * size)
        {
            throw new InvalidDataException($"{name}: {count} values of {type} need {count * size} bytes; the file has {body.Length}.");
        }

        var bigEndian = type[0] == '>';
        for (var i = 0; i < count; i++)
        {
            var raw = body.Slice(i * size, size);
            data[i] = (type[1..], bigEndian) switch
            {
                ("f4", false) => BinaryPrimitives.ReadSingleLittleEndian(raw),
                ("f4", true) => BinaryPrimitives.ReadSingleBigEndian(raw),
                ("f8", false) => (float)BinaryPrimitives.ReadDoubleLittleEndian(raw),
                ("f8", true) => (float)BinaryPrimitives.ReadDoubleBigEndian(raw),
                ("u1", _) or ("b1", _) => raw[0],
                ("i1", _) => (sbyte)raw[0],
                ("u2", false) => BinaryPrimitives.ReadUInt16LittleEndian(raw),
                ("i2", false) => BinaryPrimitives.ReadInt16LittleEndian(raw),
                ("u4", false) => BinaryPrimitives.ReadUInt32LittleEndian(raw),
                ("i4", false) => BinaryPrimitives.ReadInt32LittleEndian(raw),
                ("i8", false) => BinaryPrimitives.ReadInt64LittleEndian(raw),
                _ => throw new InvalidDataException($"{name}: element type '{type}' is not supported (float32/64 and little-endian integers are)."),
            };
        }

        return (shape, data);
    }

    /// <summary>Writes a little-endian float32 array, format version 1.0.</summary>
    public static byte[] Write(IReadOnlyList<int> shape, ReadOnlySpan<float> data)
    {
        var dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic, version and length take 10 bytes; the header is padded with spaces so the data starts on a 64-byte boundary.
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        using var stream = new MemoryStream();
        stream.Write(Magic);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(header));
        Span<byte> value = stackalloc byte[4];
        foreach (var v in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, v);
            stream.Write(value);
        }

        return stream.ToArray();
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([<>|=][a-z][0-9]+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranPattern();
}
