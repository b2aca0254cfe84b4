using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.Scoring;

/// <summary>Row-at-a-time mapping, for PredictionEngine: one ONNX Runtime call per row, computed when the output is read.</summary>
internal sealed class PositionalEmbeddingRowMapper(PositionalEmbeddingTransformer transformer, DataViewSchema inputSchema) : IRowToRowMapper
{
    public DataViewSchema InputSchema { get; } = inputSchema;

    public DataViewSchema OutputSchema { get; } = transformer.GetOutputSchema(inputSchema);

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var output = OutputSchema[transformer.OutputColumnName].Index;
        var needed = new HashSet<int>();
        foreach (var column in dependingColumns)
        {
            if (column.Index == output)
            {
                needed.Add(InputSchema[transformer.InputColumnName].Index);
            }
            else if (column.Index < InputSchema.Count)
            {
                needed.Add(column.Index);
            }
        }

        return needed.Order().Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new MappedRow(this, input, transformer, activeColumns.Any(c => c.Name == transformer.OutputColumnName && c.Index == OutputSchema[transformer.OutputColumnName].Index));

    private sealed class MappedRow : DataViewRow
    {
        private readonly PositionalEmbeddingRowMapper _mapper;
        private readonly DataViewRow _input;
        private readonly TokenReader? _reader;
        private readonly BatchScorer _scorer;
        private readonly int _outputIndex;
        private readonly float[] _output;

        public MappedRow(PositionalEmbeddingRowMapper mapper, DataViewRow input, PositionalEmbeddingTransformer transformer, bool outputActive)
        {
            (_mapper, _input) = (mapper, input);
            _outputIndex = mapper.OutputSchema[transformer.OutputColumnName].Index;
            _scorer = transformer.CreateScorer();
            _output = new float[_scorer.OutputSize];
            _reader = outputActive ? transformer.CreateReader(input) : null;
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == _outputIndex ? _reader is not null : column.Index < _input.Schema.Count && _input.IsColumnActive(_input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != _outputIndex)
            {
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            }

            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                // Score on every read: PredictionEngine reuses one input row whose position does not change.
                _scorer.Score([_reader!.Read(_input.Position)], [_output]);

                var editor = VBufferEditor.Create(ref value, _output.Length);
                _output.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single, not {typeof(TValue)}.");
        }
    }
}
