namespace MlNetPositional.Training.Corpus;

/// <summary>
/// Where a corpus's rows come from: a file (<see cref="TextCorpus"/>) or a column of an ML.NET data
/// view (<see cref="InPipeline.DataViewTokenRows"/>). Every enumeration streams the rows anew, so
/// memory does not grow with the row count.
/// </summary>
internal interface ITokenRows
{
    /// <summary>Names the source in messages: a file path, or a data view's column.</summary>
    string Source { get; }

    /// <summary>Every row, in the source's own order.</summary>
    IEnumerable<CorpusRow> Rows();

    /// <summary>
    /// Every row, in the training order of 0-based <paramref name="epoch"/>: a seeded shuffle for a
    /// source that can shuffle, its own order otherwise. A function of the seed and the epoch alone, so
    /// a resumed run reads the batches an uninterrupted one would.
    /// </summary>
    IEnumerable<CorpusRow> TrainingOrder(long epoch);
}
