using MlNetPositional.Training.Data;
using MlNetPositional.Training.Model;
using MlNetPositional.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Runs;

/// <summary>Held-out loss and accuracy of a task model; labels equal to <see cref="TaskBatch.IgnoredLabel"/> are skipped.</summary>
internal static class Evaluator
{
    /// <summary>Mean cross-entropy and accuracy over every labelled position (or sequence) of <paramref name="batches"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="batches">Held-out batches.</param>
    /// <param name="shufflePositions">When given, each row's real tokens get a random permutation of
    /// their positions (the tokens stay in place): what is left of the accuracy does not come from
    /// positions.</param>
    public static (double Loss, double Accuracy) Evaluate(PositionalTaskModel model, IReadOnlyList<TaskBatch> batches, Random? shufflePositions = null)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0, correct = 0, labelled = 0;
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var (ids, mask, labels) = BatchTensors.From(batch);
                var logits = model.Forward(ids, mask, shufflePositions is null ? null : ShuffledPositions(batch, shufflePositions));
                var flatLogits = logits.view(-1, logits.shape[^1]);                     // (N, K)
                var flatLabels = labels.view(-1);                                      // (N)
                lossSum += nn.functional.cross_entropy(flatLogits, flatLabels, reduction: nn.Reduction.Sum).item<float>();
                var counted = flatLabels.ne(TaskBatch.IgnoredLabel);
                correct += flatLogits.argmax(-1).eq(flatLabels).logical_and(counted).sum().item<long>();
                labelled += counted.sum().item<long>();
            }

            return (lossSum / labelled, correct / labelled);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Per row, a random permutation of 0..length-1 over its real tokens; pads keep their index.</summary>
    private static Tensor ShuffledPositions(TaskBatch batch, Random random)
    {
        var positions = new long[batch.Rows * batch.Length];
        for (var r = 0; r < batch.Rows; r++)
        {
            var length = (int)batch.Mask.AsSpan(r * batch.Length, batch.Length).ToArray().Sum();
            var order = Enumerable.Range(0, batch.Length).Select(i => (long)i).ToArray();
            random.Shuffle(order.AsSpan(0, length));
            order.CopyTo(positions, r * batch.Length);
        }

        return tensor(positions, [batch.Rows, batch.Length]);
    }
}
