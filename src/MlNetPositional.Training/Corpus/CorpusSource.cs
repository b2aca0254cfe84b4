using System.Text.Json.Serialization;

namespace MlNetPositional.Training.Corpus;

/// <summary>Where the rows of a corpus run come from, as its spec and checkpoints record it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CorpusSource>))]
public enum CorpusSource
{
    /// <summary>A text file (<see cref="CorpusSettings.Path"/>), which a resumed run reads again.</summary>
    [JsonStringEnumMemberName("file")]
    File,

    /// <summary>
    /// The rows of an ML.NET data view, given to <c>TrainPositionalEmbedding</c> in <c>pipeline.Fit</c>:
    /// not in a file, so only fitting again (with the same CheckpointFolder) can continue the run.
    /// </summary>
    [JsonStringEnumMemberName("data-view")]
    DataView,
}
