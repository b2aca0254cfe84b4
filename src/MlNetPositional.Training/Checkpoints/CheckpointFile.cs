using System.Text;
using System.Text.Json;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Files;
using MlNetPositional.Contract.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Checkpoints;

/// <summary>
/// One file per checkpoint: a magic string and format version, the <see cref="CheckpointState"/> as
/// JSON, the module's state dict, then the optimizer's state. Written atomically, so a crash leaves
/// the previous checkpoint whole.
/// </summary>
internal static class CheckpointFile
{
    private const string Magic = "MLNP-CKPT";
    private const int FormatVersion = 1;

    /// <summary>Writes the checkpoint atomically.</summary>
    public static void Save(string path, CheckpointState state, nn.Module model, AdamW optimizer) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(state, ContractJson.Options));
            model.save(writer);
            optimizer.save_state_dict(writer);
            writer.Flush();
        });

    /// <summary>Reads only the state (no tensors).</summary>
    /// <exception cref="InvalidCheckpointException">Missing, not a checkpoint, or unreadable.</exception>
    public static CheckpointState ReadState(string path) => Open(path, (state, _) => state);

    /// <summary>Reads the state and loads weights into <paramref name="model"/> and, if given, optimizer state.</summary>
    /// <exception cref="InvalidCheckpointException">The file does not match the model or is damaged.</exception>
    public static CheckpointState Load(string path, nn.Module model, AdamW? optimizer) => Open(path, (state, reader) =>
    {
        model.load(reader, strict: true);
        optimizer?.load_state_dict(reader);
        return state;
    });

    private static CheckpointState Open(string path, Func<CheckpointState, BinaryReader, CheckpointState> read)
    {
        if (!File.Exists(path))
        {
            throw new InvalidCheckpointException(path, "the file does not exist.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (stream.Length < Magic.Length + 1 || reader.ReadString() != Magic)
            {
                throw new InvalidCheckpointException(path, "it is not an MlNetPositional checkpoint (wrong magic).");
            }

            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidCheckpointException(path, $"format version {version} is not supported (expected {FormatVersion}).");
            }

            var state = JsonSerializer.Deserialize<CheckpointState>(reader.ReadString(), ContractJson.Options)
                ?? throw new InvalidCheckpointException(path, "the state is null.");
            state.Model.Validate($"checkpoint {path}");
            return read(state, reader);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or JsonException or FormatException
            or InvalidModelConfigException or ArgumentException or InvalidDataException)
        {
            throw new InvalidCheckpointException(path, e.Message, e);
        }
    }
}
