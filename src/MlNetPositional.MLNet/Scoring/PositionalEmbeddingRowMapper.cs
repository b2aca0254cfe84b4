using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetPositional.Inference;

namespace MlNetPositional.Scoring;

/// <summary>Row-at-a-time mapping, for PredictionEngine: one ONNX Runtime call per row, computed when the output is read.</summary>
internal sealed class PositionalEmbeddingRowMapper(TransformScoring scoring, ColumnMap map) : IRowToRowMapper
{
    public DataViewSchema InputSchema => map.Input;

    public DataViewSchema OutputSchema => map.Output;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var inputs = map.PassThrough(dependingColumns, out var embeddingNeeded).ToList();
        if (embeddingNeeded)
        {
            inputs.Add(map.Input[map.Tokens.Name]);
        }

        return inputs.DistinctBy(c => c.Index).OrderBy(c => c.Index);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new MappedRow(map, input, scoring, activeColumns.Any(map.IsOutput));

    private sealed class MappedRow : DataViewRow
    {
        private readonly ColumnMap _map;
        private readonly DataViewRow _input;
        private readonly TokenReader? _reader;
        private readonly BatchScorer _scorer;
        private readonly float[] _output;

        public MappedRow(ColumnMap map, DataViewRow input, TransformScoring scoring, bool outputActive)
        {
            (_map, _input) = (map, input);
            _scorer = scoring.CreateScorer();
            _output = new float[_scorer.OutputSize];
            _reader = outputActive ? scoring.CreateReader(map.Tokens.RowOf(input), map.Tokens) : null;
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _map.Output;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            _map.IsOutput(column) ? _reader is not null : _input.IsColumnActive(_map.InputOf(column));

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_map.IsOutput(column))
            {
                return _input.GetGetter<TValue>(_map.InputOf(column));
            }

            // Score on every read: PredictionEngine reuses one input row whose position does not change.
            return EmbeddingGetter.Create<TValue>(column, _reader is not null, () =>
            {
                _scorer.Score([_reader!.Read(_input.Position)], [_output]);
                return _output;
            });
        }
    }
}
