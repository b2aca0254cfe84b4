using MlNetPositional.Contract;
using MlNetPositional.Training.Data;
using MlNetPositional.Training.Determinism;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Corpus;

/// <summary>
/// Training data from a user's file. Supervised sequence classification when the corpus has labels;
/// otherwise masked-token prediction (15% of tokens chosen; of those 80% become [MASK], 10% a random
/// token, 10% stay), so unlabelled text trains the positions too. Rows stream from their source (a
/// file, or a data view in pipeline.Fit): memory holds one batch plus the bounded held-out set,
/// whatever the row count. Batch s always holds the training rows (s-1)·B .. s·B-1 of the sequence
/// formed by the epochs' orders (<see cref="ITokenRows.TrainingOrder"/>), so a resumed run sees the
/// same batches. Rows without tokens, and for classification rows without a label, are skipped.
/// </summary>
internal sealed class CorpusData : ITrainingData
{
    /// <summary>The mask token of masked-token prediction.</summary>
    public const string MaskToken = "[MASK]";

    private const int MaskSalt = 0x3A5C_1E0B;
    private const int HeldOutMaskSalt = 0x7E1D_0A5C;

    private readonly ITokenRows _corpus;
    private readonly CorpusSettings _settings;
    private readonly HeldOutSplit _split;
    private readonly Vocabulary _vocabulary;
    private readonly Dictionary<string, int> _labels;
    private readonly int[] _ordinaryTokens;
    private readonly int _seed;
    private readonly int _maxLength;
    private IEnumerator<CorpusRow>? _reader;
    private long _readerEpoch = -1;
    private long _nextTrainingRow;

    /// <summary>Opens the corpus file with a vocabulary and label set from <see cref="Scan(CorpusSettings, int)"/> (or a checkpoint).</summary>
    public CorpusData(CorpusSettings settings, int seed, Vocabulary vocabulary, IReadOnlyList<string> labels, long trainingRows, int maxLength, int batchSize, int evalBatches)
        : this(settings.Open(), settings, seed, vocabulary, labels, trainingRows, maxLength, batchSize, evalBatches)
    {
    }

    /// <summary>Reads <paramref name="rows"/> with a vocabulary and label set from <see cref="Scan(ITokenRows, CorpusSettings, int, Action)"/> (or a checkpoint).</summary>
    public CorpusData(ITokenRows rows, CorpusSettings settings, int seed, Vocabulary vocabulary, IReadOnlyList<string> labels, long trainingRows, int maxLength, int batchSize, int evalBatches)
    {
        (_settings, _seed, _vocabulary, _maxLength, BatchSize, TrainingRows) = (settings, seed, vocabulary, maxLength, batchSize, trainingRows);
        if (trainingRows < 1)
        {
            throw new InvalidCorpusException(rows.Source, "it has no non-empty training rows.");
        }

        _corpus = rows;
        _split = new HeldOutSplit(seed, settings.HeldOutFraction);
        Labels = labels;
        _labels = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var reserved = new HashSet<int> { vocabulary.PadId, vocabulary.UnknownId, vocabulary.IdOf(MaskToken) };
        _ordinaryTokens = [.. Enumerable.Range(0, vocabulary.Count).Where(id => !reserved.Contains(id))];

        var heldOut = new List<TaskBatch>();
        var random = new Random(SeedStreams.Mix(seed ^ HeldOutMaskSalt, 0));
        var pending = new List<TaskExample>();
        foreach (var row in _corpus.Rows().Where(r => Usable(r, settings) && _split.IsHeldOut(r.Index)))
        {
            pending.Add(Example(row, random));
            if (pending.Count == batchSize)
            {
                heldOut.Add(TaskBatch.Collate(pending, vocabulary.PadId, IsPerToken));
                pending.Clear();
                if (heldOut.Count == evalBatches)
                {
                    break;
                }
            }
        }

        if (pending.Count > 0 && heldOut.Count < evalBatches)
        {
            heldOut.Add(TaskBatch.Collate(pending, vocabulary.PadId, IsPerToken));
        }

        HeldOut = heldOut.Count > 0 ? heldOut : throw new InvalidCorpusException(rows.Source, "no row fell in the held-out split; give more rows or a larger held_out_fraction.");
    }

    /// <summary>Label values in class-index order (empty for masked-token prediction).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Non-empty rows used for training.</summary>
    public long TrainingRows { get; }

    /// <summary>Rows per training batch.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public IReadOnlyList<TaskBatch> HeldOut { get; }

    /// <inheritdoc />
    public int Classes => _settings.IsMaskedLanguageModel ? _vocabulary.Count : Labels.Count;

    /// <inheritdoc />
    public bool IsPerToken => _settings.IsMaskedLanguageModel;

    /// <summary>
    /// One streaming pass: the vocabulary of the training rows (with [MASK] for masked-token
    /// prediction), the sorted label values, and the number of usable training rows.
    /// </summary>
    public static (Vocabulary Vocabulary, string[] Labels, long TrainingRows) Scan(CorpusSettings settings, int seed) =>
        Scan(settings.Open(), settings, seed);

    /// <summary>
    /// One streaming pass over <paramref name="rows"/>: the vocabulary of the training rows (built from
    /// token counts; for integer ids, the ids themselves up to the largest seen), with [MASK] for
    /// masked-token prediction; the sorted label values; the number of usable training rows.
    /// </summary>
    /// <exception cref="InvalidCorpusException">Fewer than two classes, or an id at or past <see cref="CorpusSettings.MaxVocab"/>.</exception>
    /// <param name="rows">The source.</param>
    /// <param name="settings">Vocabulary and split settings.</param>
    /// <param name="seed">Fixes the held-out split.</param>
    /// <param name="throwIfCanceled">Called every 4,096 rows; throws <see cref="OperationCanceledException"/> to stop the scan.</param>
    public static (Vocabulary Vocabulary, string[] Labels, long TrainingRows) Scan(ITokenRows rows, CorpusSettings settings, int seed, Action? throwIfCanceled = null)
    {
        var split = new HeldOutSplit(seed, settings.HeldOutFraction);
        IReadOnlyList<string> specials = [.. settings.IsMaskedLanguageModel ? [MaskToken] : Array.Empty<string>(), .. settings.Specials ?? []];
        var builder = new VocabularyBuilder(settings.MinCount, settings.MaxVocab, specials);
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        long training = 0;
        var largestId = -1;
        foreach (var row in rows.Rows().Where(r => Usable(r, settings)))
        {
            if ((training & 0xFFF) == 0)
            {
                throwIfCanceled?.Invoke();
            }

            if (row.Label is { } label)
            {
                labels.Add(label);
            }

            if (row.Ids is { } ids)
            {
                // Held-out ids too: every id the model will see needs a row of the table.
                largestId = Math.Max(largestId, ids.Max());
            }

            if (!split.IsHeldOut(row.Index))
            {
                builder.Add(row.Tokens);
                training++;
            }
        }

        if (!settings.IsMaskedLanguageModel && labels.Count < 2)
        {
            throw new InvalidCorpusException(rows.Source, $"label column '{settings.LabelColumn}' has {labels.Count} distinct value(s); classification needs at least 2.");
        }

        if (largestId >= settings.MaxVocab)
        {
            throw new InvalidCorpusException(rows.Source, $"token id {largestId} is past the largest vocabulary allowed ({settings.MaxVocab} ids); raise the maximum vocabulary size or renumber the ids.");
        }

        var vocabulary = largestId < 0 ? builder.Build() : IdVocabulary(largestId, specials);
        return (vocabulary, [.. labels], training);
    }

    /// <summary>Ids used as they are: [PAD] = 0, [UNK] = 1, t2 .. t(largest), then the special tokens.</summary>
    private static Vocabulary IdVocabulary(int largestId, IReadOnlyList<string> specials) =>
        new(Vocabulary.Synthetic(Math.Max(largestId + 1, 3)).Tokens.Concat(specials));

    /// <summary>Rows that train: some tokens, and a label when the objective needs one.</summary>
    private static bool Usable(CorpusRow row, CorpusSettings settings) =>
        row.Length > 0 && (settings.IsMaskedLanguageModel || row.Label is not null);

    /// <inheritdoc />
    public TaskBatch TrainingBatch(long step)
    {
        var random = new Random(SeedStreams.Mix(_seed ^ MaskSalt, unchecked((int)step)));
        var first = (step - 1) * BatchSize;
        var examples = new TaskExample[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            examples[i] = Example(TrainingRow(first + i), random);
        }

        return TaskBatch.Collate(examples, _vocabulary.PadId, IsPerToken);
    }

    /// <summary>
    /// Cross-entropy of the held-out masked tokens under the training unigram distribution (add-one
    /// smoothed): the loss a model that ignores context and position would reach.
    /// </summary>
    public double UnigramHeldOutLoss()
    {
        var counts = new double[_vocabulary.Count];
        foreach (var row in _corpus.Rows().Where(r => Usable(r, _settings) && !_split.IsHeldOut(r.Index)))
        {
            foreach (var id in IdsOf(row))
            {
                counts[id]++;
            }
        }

        var total = counts.Sum() + counts.Length;
        double loss = 0, n = 0;
        foreach (var label in HeldOut.SelectMany(b => b.Labels).Where(l => l != TaskBatch.IgnoredLabel))
        {
            loss -= Math.Log((counts[label] + 1) / total);
            n++;
        }

        return loss / n;
    }

    /// <summary>Row <paramref name="position"/> of the endless sequence epoch 0, epoch 1, ... of training rows.</summary>
    private CorpusRow TrainingRow(long position)
    {
        var (epoch, index) = Math.DivRem(position, TrainingRows);
        if (_reader is null || epoch != _readerEpoch || index < _nextTrainingRow)
        {
            _reader?.Dispose();
            _reader = _corpus.TrainingOrder(epoch).Where(r => Usable(r, _settings) && !_split.IsHeldOut(r.Index)).GetEnumerator();
            (_readerEpoch, _nextTrainingRow) = (epoch, 0);
        }

        while (_nextTrainingRow <= index)
        {
            if (!_reader.MoveNext())
            {
                throw new InvalidCorpusException(_corpus.Source, $"it has fewer training rows than the {TrainingRows} counted when training started; the data changed.");
            }

            _nextTrainingRow++;
        }

        return _reader.Current;
    }

    /// <summary>Model ids of a row's first max-length tokens.</summary>
    private int[] IdsOf(CorpusRow row) =>
        row.Ids is { } ids ? ids[..Math.Min(ids.Length, _maxLength)] : [.. row.Tokens.Take(_maxLength).Select(_vocabulary.IdOf)];

    private TaskExample Example(CorpusRow row, Random random)
    {
        var ids = IdsOf(row);
        if (!_settings.IsMaskedLanguageModel)
        {
            return new TaskExample(ids, [_labels[row.Label!]]);
        }

        var labels = new int[ids.Length];
        Array.Fill(labels, (int)TaskBatch.IgnoredLabel);
        var chosen = Enumerable.Range(0, ids.Length).Where(_ => random.NextDouble() < _settings.MaskRate).ToList();
        if (chosen.Count == 0)
        {
            chosen.Add(random.Next(ids.Length));
        }

        var mask = _vocabulary.IdOf(MaskToken);
        foreach (var t in chosen)
        {
            labels[t] = ids[t];
            var roll = random.NextDouble();
            ids[t] = roll < 0.8 ? mask : roll < 0.9 ? _ordinaryTokens[random.Next(_ordinaryTokens.Length)] : ids[t];
        }

        return new TaskExample(ids, labels);
    }
}
