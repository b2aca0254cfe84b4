using System.Collections;
using System.Text;
using MlNetPositional.Training.PyTorch;
using Razorvine.Pickle;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.PyTorch;

/// <summary>
/// Razorvine's constructor table is one static table for the process, which TorchSharp.PyBridge
/// also fills: our reader must use ours whatever was registered before it, and leave PyBridge's
/// unpickler working for anyone else in the process.
/// </summary>
[TestClass]
public sealed class TorchPickleGlobalsTests
{
    [TestMethod]
    public void PyBridgeUnpicklerBeforeAndAfterOurs_BothReadTheirFiles()
    {
        var pyBridgeFirst = PyBridgeTensors("seed.pt");

        AssertReadsView();
        var pyBridgeAfter = PyBridgeTensors("seed.pt");

        var ours = StateDictFile.Read(PyTorchFixtures.File("seed.pt"));
        try
        {
            foreach (var name in new[] { "embed.weight", "pos_emb.weight" })
            {
                CollectionAssert.AreEqual(ours[name].data<float>().ToArray(), pyBridgeFirst[name], $"{name}: PyBridge before ours");
                CollectionAssert.AreEqual(ours[name].data<float>().ToArray(), pyBridgeAfter[name], $"{name}: PyBridge after ours");
            }
        }
        finally
        {
            foreach (var tensor in ours.Values)
            {
                tensor.Dispose();
            }
        }
    }

    [TestMethod]
    public void ConstructorReplacedByAnotherLibrary_OursIsUsedAgainAtTheNextRead()
    {
        AssertReadsView();
        var ours = Registered("torch._utils", "_rebuild_tensor_v2");
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", new Refusing());
        try
        {
            AssertReadsView();
        }
        finally
        {
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", ours);
        }
    }

    private static void AssertReadsView()
    {
        var expected = PyTorchFixtures.Values("view_split")["pos_emb.weight"].Values;
        var tensors = StateDictFile.Read(PyTorchFixtures.File("view_split.pt"));
        try
        {
            CollectionAssert.AreEqual(expected, tensors["pos_emb.weight"].data<float>().ToArray());
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private static Dictionary<string, float[]> PyBridgeTensors(string file)
    {
        var table = PyTorchUnpickler.UnpickleStateDict(PyTorchFixtures.File(file));
        var values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            using var tensor = (Tensor)entry.Value!;
            values[(string)entry.Key] = tensor.data<float>().ToArray();
        }

        return values;
    }

    private static IObjectConstructor Registered(string module, string name)
    {
        using var probe = new Unpickler();
        return (IObjectConstructor)probe.loads(Encoding.UTF8.GetBytes($"c{module}\n{name}\n."));
    }

    private sealed class Refusing : IObjectConstructor
    {
        public object construct(object[] args) => throw new InvalidOperationException("another library's constructor was used");
    }
}
