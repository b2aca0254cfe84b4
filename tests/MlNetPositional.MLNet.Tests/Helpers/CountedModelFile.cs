using System.Runtime.InteropServices;

namespace MlNetPositional.MLNet.Tests;

/// <summary>
/// A model file that counts how often it is opened for reading, whoever opens it: a named pipe
/// (FIFO) in a fresh folder, with a thread that waits for each reader to open it, counts the open,
/// puts a fresh pipe at the path for the next reader, and writes this one the model's bytes. Every
/// way of reading the path (File.ReadAllBytes, a metadata-only reader, ONNX Runtime given the path)
/// opens it, so a second read cannot hide.
/// </summary>
internal sealed partial class CountedModelFile : IDisposable
{
    private readonly byte[] _bytes;
    private readonly Thread _server;
    private volatile bool _stopping;
    private int _opens;

    private CountedModelFile(string path, byte[] bytes)
    {
        (Path, _bytes) = (path, bytes);
        _server = new Thread(Serve) { IsBackground = true, Name = "counted model file" };
        _server.Start();
    }

    /// <summary>The path to give the code under test.</summary>
    public string Path { get; }

    /// <summary>How many times the path was opened for reading so far.</summary>
    public int Opens => Volatile.Read(ref _opens);

    /// <summary>Serves the bytes of <paramref name="modelPath"/> at a new path.</summary>
    public static CountedModelFile Of(string modelPath)
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("counted-model-").FullName, "model.onnx");
        MakeFifoAt(path);
        return new CountedModelFile(path, File.ReadAllBytes(modelPath));
    }

    /// <summary>A new pipe at <paramref name="path"/>, put there in one rename (a reader never finds the path missing).</summary>
    private static void MakeFifoAt(string path)
    {
        var fresh = path + ".next";
        if (MakeFifo(fresh, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {fresh} failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        File.Move(fresh, path, overwrite: true);
    }

    private void Serve()
    {
        while (true)
        {
            // Opening a FIFO for writing waits for a reader to open it: one pass of this loop per open.
            using var pipe = new FileStream(Path, FileMode.Open, FileAccess.Write);
            if (_stopping)
            {
                return;
            }

            Interlocked.Increment(ref _opens);
            // While this reader holds the pipe open, a writer's open would succeed at once and write to
            // it again: the next reader gets a pipe of its own.
            MakeFifoAt(Path);
            try
            {
                pipe.Write(_bytes);
            }
            catch (IOException)
            {
                // The reader closed before reading everything (it only wanted the start): still an open.
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        // Open it once more, so the server's pending open returns and it sees the flag.
        using (new FileStream(Path, FileMode.Open, FileAccess.Read))
        {
        }

        _server.Join();
        Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);
}
