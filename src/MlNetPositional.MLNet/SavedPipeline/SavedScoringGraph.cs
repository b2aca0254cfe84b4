using Microsoft.ML;
using MlNetPositional.Contract;
using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;
using MlNetPositional.Inference;

namespace MlNetPositional.SavedPipeline;

/// <summary>One scoring graph this library saved, found in a saved pipeline, and what it restores to.</summary>
/// <param name="Record">The graph's saved-transform record.</param>
/// <param name="Graph">The saved scoring graph.</param>
/// <param name="ReadsText">True when it was saved after MapValueToKey (its column held text tokens).</param>
/// <param name="Source">Where it was read: the file and the zip entry, for errors.</param>
internal sealed record SavedScoringGraph(SavedTransform Record, ModelProto Graph, bool ReadsText, string Source)
{
    /// <summary>
    /// The batched transformer over the exported model recovered from the graph, with the recorded
    /// settings, on the token column the graph was built for (<see cref="SavedTokenColumn"/>): the
    /// pipeline's input schema is not needed, so a file saved without one, or with one that is not its
    /// input, restores as well.
    /// </summary>
    /// <param name="restore">Makes the batched transformer (given by the public API, which this layer never calls).</param>
    /// <exception cref="InvalidOnnxModelException">The graph does not have the shape its record describes, or ONNX Runtime refuses the recovered model.</exception>
    public ITransformer Restore(BatchedTransformerFactory restore)
    {
        var metadata = OnnxModelFile.ReadMetadata(Graph, Source);
        ModelProto exported;
        DataViewSchema tokenColumn;
        try
        {
            exported = ScoringGraph.Recover(Graph, Record, metadata);
            tokenColumn = SavedTokenColumn.Recover(Record, Graph, ReadsText, metadata.Vocabulary);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new InvalidOnnxModelException(Source, e.Message, e);
        }

        var model = PositionalEmbeddingModel.Load(exported, Source, Record.Settings.IntraOpThreads);
        try
        {
            return restore(model, Record.Settings, tokenColumn);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOnnxModelException(Source, $"the token column its graph was built for does not bind: {e.Message}", e);
        }
    }
}
