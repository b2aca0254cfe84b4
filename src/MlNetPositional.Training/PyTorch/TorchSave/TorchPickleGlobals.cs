using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;
using TorchSharp.PyBridge;

namespace MlNetPositional.Training.PyTorch.TorchSave;

/// <summary>
/// The pickled globals a torch.save state dict uses, and how <see cref="TorchSaveUnpickler"/> builds
/// them. Razorvine looks a global's constructor up in one static, process-wide table
/// (<c>Unpickler.registerConstructor</c>), which TorchSharp.PyBridge's <c>PyTorchUnpickler</c> also
/// fills, from its static constructor, the first time anyone uses it. So that ours is the one used
/// while we read, and PyBridge keeps working for whoever else uses it in the process, each entry of
/// ours is a router: it builds our record when the storage (or tensor) it is given is one of ours
/// (only our unpickler's persistentLoad makes them), and hands every other call to what was
/// registered before. The table is checked at every read, so a later registration cannot silently
/// replace ours.
/// </summary>
internal static class TorchPickleGlobals
{
    private static readonly Lock Gate = new();

    /// <summary>Registers the routers that are not in the table (again, if something replaced them).</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            // Run PyBridge's static constructor now, so that its registrations come before ours and never after.
            RuntimeHelpers.RunClassConstructor(typeof(PyTorchUnpickler).TypeHandle);
            foreach (var name in (ReadOnlySpan<string>)["_rebuild_tensor", "_rebuild_tensor_v2"])
            {
                Route("torch._utils", name, fallback => new Router(fallback, args => args is [PickledStorage, ..] ? PickledTensor.FromRebuildArguments(args) : null));
            }

            // An nn.Parameter (torch.save of a whole module, or of a dict of parameters): its data is the tensor.
            foreach (var name in (ReadOnlySpan<string>)["_rebuild_parameter", "_rebuild_parameter_with_state"])
            {
                Route("torch._utils", name, fallback => new Router(fallback, args => args is [PickledTensor tensor, ..] ? tensor : null));
            }

            // A state dict is an OrderedDict: any registered constructor that gives a Hashtable will do
            // (PyBridge's does); without one, Razorvine's ClassDict could not take the dict's items.
            if (Registered("collections", "OrderedDict") is not IObjectConstructor orderedDict || orderedDict.construct([]) is not Hashtable)
            {
                Unpickler.registerConstructor("collections", "OrderedDict", new OrderedDictConstructor());
            }
        }
    }

    private static void Route(string module, string name, Func<IObjectConstructor?, Router> router)
    {
        var current = Registered(module, name);
        if (current is not Router)
        {
            Unpickler.registerConstructor(module, name, router(current as IObjectConstructor));
        }
    }

    /// <summary>What the table holds for module.name: the unpickler pushes it for a GLOBAL opcode, so a pickle of only that global returns it.</summary>
    private static object Registered(string module, string name)
    {
        using var probe = new Unpickler();
        return probe.loads(Encoding.UTF8.GetBytes($"c{module}\n{name}\n."));
    }

    /// <summary>Builds our record for our arguments; anything else goes to the constructor registered before.</summary>
    private sealed class Router(IObjectConstructor? fallback, Func<object[], object?> ours) : IObjectConstructor
    {
        public object construct(object[] args) =>
            ours(args) ?? fallback?.construct(args) ?? throw new PickleException("no constructor for this global's arguments.");
    }

    private sealed class OrderedDictConstructor : IObjectConstructor
    {
        public object construct(object[] args) => new PickledOrderedDict();
    }

    /// <summary>An OrderedDict's items; its attributes (a state dict's <c>_metadata</c>, BUILD's argument) are not kept.</summary>
    private sealed class PickledOrderedDict : Hashtable
    {
#pragma warning disable CA1822, IDE1006, IDE0060 // Razorvine finds __setstate__ by reflection, by this exact name and signature.
        public void __setstate__(Hashtable state)
        {
        }
#pragma warning restore CA1822, IDE1006, IDE0060
    }
}
