using MlNetPositional.Training.Data;
using MlNetPositional.Training.Determinism;

namespace MlNetPositional.Training.Tasks;

/// <summary>
/// Training and held-out data for a task, both fixed by one seed. The held-out set is drawn once
/// from its own stream; training batch <c>s</c> is drawn from a stream seeded by (seed, s), so the
/// data order is a function of the step alone (a resumed run sees exactly the batches an
/// uninterrupted one would) and training never sees a held-out sequence.
/// </summary>
internal sealed class TaskData : ITrainingData
{
    private const int HeldOutSalt = 0x5EED_E7A1;
    private readonly PositionalTask _task;
    private readonly int _seed;
    private readonly int _padId;
    private readonly HashSet<ulong> _heldOutHashes;

    /// <summary>Draws the held-out set of <paramref name="heldOutBatches"/> batches of <paramref name="batchSize"/>.</summary>
    public TaskData(PositionalTask task, int padId, int seed, int batchSize, int heldOutBatches)
    {
        (_task, _padId, _seed, BatchSize) = (task, padId, seed, batchSize);
        var random = new Random(SeedStreams.Mix(seed, HeldOutSalt));
        var heldOut = new List<TaskBatch>(heldOutBatches);
        _heldOutHashes = [];
        for (var b = 0; b < heldOutBatches; b++)
        {
            var examples = new TaskExample[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                examples[i] = task.Sample(random);
                _heldOutHashes.Add(examples[i].TokenHash());
            }

            heldOut.Add(TaskBatch.Collate(examples, padId, task.IsPerToken));
        }

        HeldOut = heldOut;
    }

    /// <summary>The task the data is drawn from.</summary>
    public PositionalTask Task => _task;

    /// <inheritdoc />
    public int Classes => _task.Classes;

    /// <inheritdoc />
    public bool IsPerToken => _task.IsPerToken;

    /// <summary>Rows per training batch.</summary>
    public int BatchSize { get; }

    /// <summary>The held-out evaluation batches.</summary>
    public IReadOnlyList<TaskBatch> HeldOut { get; }

    /// <summary>The training batch for <paramref name="step"/> (0-based): always the same for the same seed and step.</summary>
    public TaskBatch TrainingBatch(long step)
    {
        var random = new Random(SeedStreams.Mix(_seed, unchecked((int)step) ^ (int)(step >> 32)));
        var examples = new TaskExample[BatchSize];
        for (var i = 0; i < BatchSize; i++)
        {
            // Rejection keeps held-out sequences out of training; tiny vocabularies with very short
            // sequences can collide often, so give up after a bounded number of draws.
            var example = _task.Sample(random);
            for (var attempt = 0; attempt < 64 && _heldOutHashes.Contains(example.TokenHash()); attempt++)
            {
                example = _task.Sample(random);
            }

            examples[i] = example;
        }

        return TaskBatch.Collate(examples, _padId, _task.IsPerToken);
    }
}
