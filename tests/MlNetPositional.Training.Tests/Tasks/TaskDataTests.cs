using MlNetPositional.Contract;
using MlNetPositional.Training.Data;
using MlNetPositional.Training.Tasks;

namespace MlNetPositional.Training.Tests.Tasks;

[TestClass]
public sealed class TaskDataTests
{
    [TestMethod]
    public void Collate_RightPadsWithPadId_MasksAndIgnoresPads()
    {
        TaskExample[] examples = [new([5, 6, 7], [7, 6, 5]), new([8], [8])];

        var batch = TaskBatch.Collate(examples, padId: 3, perToken: true);

        Assert.AreEqual(2, batch.Rows);
        Assert.AreEqual(3, batch.Length);
        CollectionAssert.AreEqual(new long[] { 5, 6, 7, 8, 3, 3 }, batch.Ids);
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1, 0, 0 }, batch.Mask);
        CollectionAssert.AreEqual(new long[] { 7, 6, 5, 8, TaskBatch.IgnoredLabel, TaskBatch.IgnoredLabel }, batch.Labels);
    }

    [TestMethod]
    public void Collate_SequenceTask_OneLabelPerRow()
    {
        var batch = TaskBatch.Collate([new([5, 6], [1]), new([7, 8, 9], [0])], padId: 0, perToken: false);

        CollectionAssert.AreEqual(new long[] { 1, 0 }, batch.Labels);
        CollectionAssert.AreEqual(new long[] { 5, 6, 0, 7, 8, 9 }, batch.Ids);
    }

    [TestMethod]
    public void TrainingBatch_DependsOnlyOnSeedAndStep()
    {
        var task = new ReverseTask(Vocabulary.Synthetic(30), 10);
        var a = new TaskData(task, 0, seed: 5, batchSize: 16, heldOutBatches: 2);
        var b = new TaskData(task, 0, seed: 5, batchSize: 16, heldOutBatches: 2);
        var other = new TaskData(task, 0, seed: 6, batchSize: 16, heldOutBatches: 2);

        _ = a.TrainingBatch(1); // drawing other steps first must not change step 7
        CollectionAssert.AreEqual(a.TrainingBatch(7).Ids, b.TrainingBatch(7).Ids);
        CollectionAssert.AreNotEqual(a.TrainingBatch(7).Ids, a.TrainingBatch(8).Ids);
        CollectionAssert.AreNotEqual(a.TrainingBatch(7).Ids, other.TrainingBatch(7).Ids);
    }

    [TestMethod]
    public void TrainingBatches_NeverContainAHeldOutSequence()
    {
        var task = new ReverseTask(Vocabulary.Synthetic(8), maxLength: 4, minLength: 3);
        var data = new TaskData(task, 0, seed: 2, batchSize: 32, heldOutBatches: 2);
        var heldOut = data.HeldOut.SelectMany(Rows).ToHashSet();

        var leaked = Enumerable.Range(1, 50).SelectMany(step => Rows(data.TrainingBatch(step))).Count(heldOut.Contains);

        Assert.AreEqual(0, leaked);
    }

    private static IEnumerable<string> Rows(TaskBatch batch) =>
        Enumerable.Range(0, batch.Rows).Select(r => string.Join(' ',
            Enumerable.Range(0, batch.Length).Where(t => batch.Mask[(r * batch.Length) + t] == 1).Select(t => batch.Ids[(r * batch.Length) + t])));
}
