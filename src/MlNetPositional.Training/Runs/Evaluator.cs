using MlNetPositional.Training.Model;
using MlNetPositional.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Runs;

/// <summary>Held-out loss and accuracy of a task model; labels equal to <see cref="TaskBatch.IgnoredLabel"/> are skipped.</summary>
public static class Evaluator
{
    /// <summary>Mean cross-entropy and accuracy over every labelled position (or sequence) of <paramref name="batches"/>.</summary>
    public static (double Loss, double Accuracy) Evaluate(PositionalTaskModel model, IReadOnlyList<TaskBatch> batches)
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
                var logits = model.forward(ids, mask);
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
}
