using Microsoft.ML;
using MlNetPositional.Inference;
using MlNetPositional.Scoring;

namespace MlNetPositional.SavedPipeline;

/// <summary>
/// Makes the batched transformer that replaces a saved stock chain: given by the public API, so that
/// this layer, which finds and restores the saved forms, never calls up into it.
/// </summary>
/// <param name="model">The exported model recovered from the graph; the transformer owns it (and disposes it if it throws).</param>
/// <param name="settings">The settings the saved graph recorded.</param>
/// <param name="tokenColumn">A schema holding the token column the graph was built for.</param>
/// <exception cref="ArgumentException">The token column does not bind, or the settings do not fit the model.</exception>
internal delegate ITransformer BatchedTransformerFactory(PositionalEmbeddingModel model, TransformSettings settings, DataViewSchema tokenColumn);
