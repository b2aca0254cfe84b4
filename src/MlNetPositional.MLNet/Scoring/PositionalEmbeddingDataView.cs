using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.Scoring;

/// <summary>
/// The transform's output over an input data view. Streams: a lead cursor reads the token column up
/// to <c>BatchSize</c> rows ahead and scores them in one ONNX Runtime call, while a follow cursor over
/// the same input serves every other column in step, so nothing is materialised beyond one batch.
/// Both cursors are shuffled by the same seed when a shuffled cursor is asked for, and every row's
/// id is compared between them, so a row can never be paired with another row's embedding. For raw
/// text split by ML.NET's tokenizers, the lead cursor reads the tokens the model's chain makes of the
/// input (<see cref="TokenColumn.OpenCursor"/>); the output never shows that token column.
/// </summary>
internal sealed class PositionalEmbeddingDataView(IDataView input, TransformScoring scoring, ColumnMap map) : IDataView
{
    public bool CanShuffle => input.CanShuffle;

    public DataViewSchema Schema => map.Output;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var passThrough = map.PassThrough(columnsNeeded, out var embeddingNeeded);
        // One seed for both cursors: a shuffling input then gives both the same order.
        int? seed = rand is null ? null : rand.Next();
        Random? Shuffle() => seed is { } s ? new Random(s) : null;

        var follow = input.GetRowCursor(passThrough, Shuffle());
        var lead = embeddingNeeded ? map.Tokens.OpenCursor(input, Shuffle()) : null;
        return new Cursor(map, follow, lead, scoring);
    }

    /// <summary>
    /// One cursor: the lead and follow cursors must visit the same rows in the same order, and the
    /// cursors of a parallel set receive rows as they ask for them, so two sets cannot be paired (see
    /// the transformer's remarks). The cursor uses every core by running each batch's ONNX Runtime
    /// calls concurrently.
    /// </summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ColumnMap _map;
        private readonly DataViewRowCursor _follow;
        private readonly DataViewRowCursor? _lead;
        private readonly TokenReader? _reader;
        private readonly BatchScorer _scorer;
        private readonly ValueGetter<DataViewRowId> _followId;
        private readonly ValueGetter<DataViewRowId>? _leadId;
        private readonly int _batchSize;
        private readonly List<long[]> _ids = [];
        private readonly List<float[]> _outputs = [];
        private readonly List<DataViewRowId> _rowIds = [];
        private int _inBatch = -1;
        private int _batchCount;

        public Cursor(ColumnMap map, DataViewRowCursor follow, DataViewRowCursor? lead, TransformScoring scoring)
        {
            (_map, _follow, _lead) = (map, follow, lead);
            _batchSize = scoring.Settings.BatchSize;
            _scorer = scoring.CreateScorer();
            _followId = follow.GetIdGetter();
            if (lead is not null)
            {
                _reader = scoring.CreateReader(lead, map.Tokens);
                _leadId = lead.GetIdGetter();
            }
        }

        public override long Position => _follow.Position;

        public override long Batch => _follow.Batch;

        public override DataViewSchema Schema => _map.Output;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            _map.IsOutput(column) ? _lead is not null : _follow.IsColumnActive(_map.InputOf(column));

        public override ValueGetter<DataViewRowId> GetIdGetter() => _followId;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_map.IsOutput(column))
            {
                return _follow.GetGetter<TValue>(_map.InputOf(column));
            }

            return EmbeddingGetter.Create<TValue>(column, _lead is not null, () => _outputs[_inBatch]);
        }

        public override bool MoveNext()
        {
            if (!_follow.MoveNext())
            {
                return false;
            }

            if (_lead is not null)
            {
                _inBatch++;
                if (_inBatch >= _batchCount)
                {
                    FillBatch();
                }

                CheckSameRow();
            }

            return true;
        }

        private void FillBatch()
        {
            _ids.Clear();
            _rowIds.Clear();
            var rowId = default(DataViewRowId);
            while (_ids.Count < _batchSize && _lead!.MoveNext())
            {
                _ids.Add(_reader!.Read(_lead.Position));
                _leadId!(ref rowId);
                _rowIds.Add(rowId);
            }

            while (_outputs.Count < _ids.Count)
            {
                _outputs.Add(new float[_scorer.OutputSize]);
            }

            _scorer.Score(_ids, _outputs.GetRange(0, _ids.Count));
            (_batchCount, _inBatch) = (_ids.Count, 0);
        }

        private void CheckSameRow()
        {
            var rowId = default(DataViewRowId);
            _followId(ref rowId);
            if (_inBatch >= _batchCount || !rowId.Equals(_rowIds[_inBatch]))
            {
                throw new InvalidOperationException(
                    $"The input data view gave two cursors with the same shuffling seed different rows at position {_follow.Position}; " +
                    "the transform cannot pair rows with their embeddings. Shuffle after this transform, or cache the data first (AppendCacheCheckpoint).");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _follow.Dispose();
                _lead?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
