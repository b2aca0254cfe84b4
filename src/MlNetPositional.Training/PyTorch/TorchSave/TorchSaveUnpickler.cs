using Razorvine.Pickle;

namespace MlNetPositional.Training.PyTorch.TorchSave;

/// <summary>
/// Unpickles a torch.save archive's <c>data.pkl</c> into inert records: each storage reference
/// becomes a <see cref="PickledStorage"/> (nothing read yet), each tensor a <see cref="PickledTensor"/>
/// (built by the constructors <see cref="TorchPickleGlobals"/> registers). No code from the pickle
/// runs: a global the registry does not know becomes Razorvine's inert ClassDict.
/// </summary>
internal sealed class TorchSaveUnpickler : Unpickler
{
    /// <summary>Creates the unpickler, after making sure the tensor constructors it relies on are registered.</summary>
    public TorchSaveUnpickler() => TorchPickleGlobals.EnsureRegistered();

    /// <inheritdoc />
    protected override object persistentLoad(object pid) => PickledStorage.FromPersistentId(pid);
}
