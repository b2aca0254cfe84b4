namespace MlNetPositional.Inference;

/// <summary>Receives one row's outputs from <see cref="PositionalEmbeddingModel.RunChecked"/>.</summary>
/// <param name="row">The row's index in the batch.</param>
/// <param name="tokens">Row-major [length, dim] token embeddings (empty when not requested).</param>
/// <param name="pooled">[dim]: the mean over the row's tokens.</param>
internal delegate void RowOutputHandler(int row, ReadOnlySpan<float> tokens, ReadOnlySpan<float> pooled);
