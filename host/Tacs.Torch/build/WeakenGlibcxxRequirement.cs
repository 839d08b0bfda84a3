using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Build-time task (compiled by RoslynCodeTaskFactory). Reads the ELF64 version-needs table (.gnu.version_r)
// of each library and sets VER_FLG_WEAK on the entry that names Version, unless the system libstdc++ already
// provides that version. Keeps the file's time stamp so that incremental copies still see it as unchanged.
public class WeakenGlibcxxRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] SystemLibstdcxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string Version { get; set; } = "";

    public override bool Execute()
    {
        var provider = Array.Find(SystemLibstdcxx, File.Exists);
        if (provider != null && Contains(File.ReadAllBytes(provider), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, "{0} provides {1}: libLibTorchSharp.so left as it is.", provider, Version);
            return true;
        }

        foreach (var item in Libraries)
        {
            var path = item.ItemSpec;
            var stamp = File.GetLastWriteTimeUtc(path);
            var bytes = File.ReadAllBytes(path);
            var result = Weaken(bytes, Version);
            if (result == null)
            {
                Log.LogError("{0}: not an ELF64 little-endian library with a version-needs table; cannot apply the libstdc++ remedy.", path);
                return false;
            }

            if (result == 0)
            {
                Log.LogMessage(MessageImportance.Low, "{0}: no strict need for {1}.", path, Version);
                continue;
            }

            File.WriteAllBytes(path, bytes);
            File.SetLastWriteTimeUtc(path, stamp);
            Log.LogMessage(MessageImportance.High, "{0}: need for {1} marked weak (system libstdc++ lacks it).", path, Version);
        }

        return true;
    }

    // Returns the number of entries changed, or null when the file is not a library this can read.
    private static int? Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            return null;
        }

        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3a);
        int count = BitConverter.ToUInt16(elf, 0x3c);
        for (var s = 0; s < count; s++)
        {
            var header = (int)(sectionTable + (s * entrySize));
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = (int)BitConverter.ToUInt64(elf, header + 0x18);
            var link = (int)BitConverter.ToUInt32(elf, header + 0x28);
            var strings = (int)BitConverter.ToUInt64(elf, (int)(sectionTable + (link * entrySize)) + 0x18);
            var changed = 0;
            var need = offset;
            while (true)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strings + (int)BitConverter.ToUInt32(elf, aux + 8));
                    var flags = BitConverter.ToUInt16(elf, aux + 4);
                    if (name == version && (flags & VerFlgWeak) == 0)
                    {
                        var weak = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                        elf[aux + 4] = weak[0];
                        elf[aux + 5] = weak[1];
                        changed++;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                var next = BitConverter.ToUInt32(elf, need + 12);
                if (next == 0)
                {
                    return changed;
                }

                need += (int)next;
            }
        }

        return null;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = start;
        while (bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }
}
