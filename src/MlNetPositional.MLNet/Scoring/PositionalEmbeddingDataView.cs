using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Scoring;

/// <summary>
/// The transform's output over an input data view. Streams: a lead cursor reads the token column up
/// to <c>BatchSize</c> rows ahead and scores them in one ONNX Runtime call, while a follow cursor over
/// the same input serves every other column in step, so nothing is materialised beyond one batch.
/// </summary>
internal sealed class PositionalEmbeddingDataView(IDataView input, PositionalEmbeddingTransformer transformer) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema { get; } = transformer.GetOutputSchema(input.Schema);

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        var outputColumn = Schema[transformer.OutputColumnName];
        var wantsOutput = needed.Any(c => c.Index == outputColumn.Index);
        var passthrough = needed.Where(c => c.Index != outputColumn.Index).Select(c => input.Schema[c.Name]).Where(c => c.Index < input.Schema.Count).ToList();
        var follow = input.GetRowCursor(passthrough);
        var lead = wantsOutput ? input.GetRowCursor([input.Schema[transformer.InputColumnName]]) : null;
        return new Cursor(this, follow, lead, transformer, outputColumn);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly PositionalEmbeddingDataView _view;
        private readonly DataViewRowCursor _follow;
        private readonly DataViewRowCursor? _lead;
        private readonly Scoring.TokenReader? _reader;
        private readonly BatchScorer _scorer;
        private readonly DataViewSchema.Column _outputColumn;
        private readonly int _batchSize;
        private readonly List<long[]> _ids = [];
        private readonly List<float[]> _outputs = [];
        private int _inBatch = -1;
        private int _batchCount;

        public Cursor(PositionalEmbeddingDataView view, DataViewRowCursor follow, DataViewRowCursor? lead, PositionalEmbeddingTransformer transformer, DataViewSchema.Column outputColumn)
        {
            (_view, _follow, _lead, _outputColumn) = (view, follow, lead, outputColumn);
            _batchSize = transformer.Options.BatchSize;
            _scorer = transformer.CreateScorer();
            _reader = lead is null ? null : transformer.CreateReader(lead);
        }

        public override long Position => _follow.Position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _view.Schema;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == _outputColumn.Index ? _lead is not null : column.Index < _follow.Schema.Count && _follow.IsColumnActive(_follow.Schema[column.Index]);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _follow.GetIdGetter();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != _outputColumn.Index)
            {
                return _follow.GetGetter<TValue>(_follow.Schema[column.Index]);
            }

            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                var source = _outputs[_inBatch];
                var editor = VBufferEditor.Create(ref value, source.Length);
                source.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single, not {typeof(TValue)}.");
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
            }

            return true;
        }

        private void FillBatch()
        {
            _ids.Clear();
            while (_ids.Count < _batchSize && _lead!.MoveNext())
            {
                _ids.Add(_reader!.Read(_lead.Position));
            }

            while (_outputs.Count < _ids.Count)
            {
                _outputs.Add(new float[_scorer.OutputSize]);
            }

            _scorer.Score(_ids, _outputs.GetRange(0, _ids.Count));
            (_batchCount, _inBatch) = (_ids.Count, 0);
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
