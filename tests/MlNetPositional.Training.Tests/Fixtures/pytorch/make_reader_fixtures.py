#!/usr/bin/python3
"""Makes the torch.save reader fixtures (tensors saved as views, archives to refuse) with real PyTorch (Debian's python3-torch 1.13):

    /usr/bin/python3 tests/MlNetPositional.Training.Tests/Fixtures/pytorch/make_reader_fixtures.py

torch.save keeps views: a tensor is written as its whole storage plus (storage offset, size,
stride), and tensors that share a storage share one record in the archive. All of these are valid
state dicts that torch.load reads (checked below):

- view_split.pt            the position table is the second part of torch.split (storage offset 72)
                           and shares its storage with the token table (issue 22, case 02)
- view_transposed.pt       the position table is w.t() (strides [1, 8]) (case 02)
- view_shared_slices.pt    three entries over one storage: a row slice (offset 12), a stepped slice
                           (offset 120, stride [12, 1]) and the whole storage
- view_expanded.pt         the position table is one row expanded (stride [0, 1]), and half precision
- view_parameters.pt       a dict of nn.Parameters (not a module) over the two parts of torch.split

For each, NAME.values.json records what torch.load returns (shape and values of every tensor) and
NAME.io.json the seed module's outputs on the loaded weights, so the tests compare with PyTorch.

Files the reader must refuse (written with the same pickle and archive layout as torch.save, through
a pickler of our own, because torch.save never writes them; torch.load's refusal is checked):

- view_offset_out_of_bounds.pt   storage offset 73 with size [8, 6] on a 120-element storage: one
                                 element past its end (offset 72, as in view_split.pt, fits exactly)
- view_stride_out_of_bounds.pt   stride [12, 1] with size [8, 6] on a 48-element storage
- view_storage_short.pt          the pickle declares 48 elements; the archive record holds 40
                                 (PyTorch 1.13 reads it, filling the rest with uninitialised memory)
- code_in_pickle.pt              an entry whose value is os.system('touch ...'), which a Python
                                 unpickler would run; the .NET reader must build nothing from it
- legacy_format.pt               a valid state dict in the pre-1.6 (non-zip) format, which is not read
                                 (its storage keys are memory addresses: its bytes differ on each run)

The tests need no Python.
"""
import collections
import io
import json
import os
import pickle
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
V, P, D = 12, 8, 6


def path(name):
    return os.path.join(HERE, name)


def seed_outputs(state, name):
    """The seed module's forward (embed(ids) + pos_emb.weight) on the weights torch.load returned."""
    ids = torch.tensor([[0, 5, 11, 3, 3, 7, 1, 10], [11, 10, 0, 0, 4, 2, 9, 8]])
    embed, pos = state["embed.weight"].float(), state["pos_emb.weight"].float()
    outputs = embed[ids] + pos
    with open(path(name + ".io.json"), "w") as f:
        json.dump({"ids": ids.tolist(), "outputs": outputs.tolist()}, f)


def save_view_fixture(name, state, with_outputs=True):
    torch.save(collections.OrderedDict(state), path(name + ".pt"))
    loaded = torch.load(path(name + ".pt"))
    for key, tensor in state.items():
        assert torch.equal(loaded[key], tensor), f"{name}: torch.load gives back {key}"
    values = {key: {"dtype": str(t.dtype), "shape": list(t.shape), "values": t.float().flatten().tolist()} for key, t in loaded.items()}
    with open(path(name + ".values.json"), "w") as f:
        json.dump(values, f)
    if with_outputs:
        seed_outputs(loaded, name)
    storage_info = {key: (t.storage_offset(), t.stride()) for key, t in loaded.items()}
    print(f"{name}.pt: (storage offset, stride) as loaded by PyTorch: {storage_info}")


def view_fixtures():
    torch.manual_seed(1)   # the same values as issue 22's case 02 (make.py)
    both = torch.randn(V + P, D)
    tok, pos = torch.split(both, [V, P])
    assert pos.storage_offset() == 72
    save_view_fixture("view_split", {"embed.weight": tok, "pos_emb.weight": pos})
    t = torch.randn(D, P)
    save_view_fixture("view_transposed", {"embed.weight": torch.randn(V, D), "pos_emb.weight": t.t()})

    torch.manual_seed(6)
    big = torch.randn(40, D)
    token_rows = big[2:14]              # offset 12, contiguous
    position_rows = big[20:36:2]        # offset 120, stride [12, 1]
    assert (token_rows.storage_offset(), position_rows.storage_offset(), position_rows.stride()) == (12, 120, (12, 1))
    save_view_fixture("view_shared_slices", {"embed.weight": token_rows, "pos_emb.weight": position_rows, "table.all": big})

    torch.manual_seed(7)
    row = torch.randn(1, D).half()
    save_view_fixture("view_expanded", {"embed.weight": torch.randn(V, D).half(), "pos_emb.weight": row.expand(P, D)})

    torch.manual_seed(9)
    tok, pos = torch.split(torch.randn(V + P, D), [V, P])
    save_view_fixture("view_parameters", {"embed.weight": torch.nn.Parameter(tok), "pos_emb.weight": torch.nn.Parameter(pos)})


class _Storage:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class _TensorView:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("touch /tmp/mlnet-positional-pickle-ran-code",))


class _TorchSavePickler(pickle.Pickler):
    """Writes data.pkl as torch.save does (protocol 2, storages as persistent ids), for any offset and stride."""

    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            return ("storage", torch.FloatStorage, obj.key, "cpu", obj.numel)
        return None

    def reducer_override(self, obj):
        if isinstance(obj, _TensorView):
            return (torch._utils._rebuild_tensor_v2, (obj.storage, obj.offset, tuple(obj.size), tuple(obj.stride), False, collections.OrderedDict()))
        return NotImplemented


def write_archive(name, state, storages):
    """A torch.save zip: NAME/data.pkl, NAME/data/KEY (raw little-endian float32), NAME/version."""
    buffer = io.BytesIO()
    _TorchSavePickler(buffer, protocol=2).dump(collections.OrderedDict(state))
    records = {f"{name}/data.pkl": buffer.getvalue(), **{f"{name}/data/{key}": data for key, data in storages.items()}, f"{name}/version": b"3\n"}
    with zipfile.ZipFile(path(name + ".pt"), "w", zipfile.ZIP_STORED) as archive:
        for record, data in records.items():
            archive.writestr(zipfile.ZipInfo(record, date_time=(1980, 1, 1, 0, 0, 0)), data)   # fixed time: the same bytes on every run


def refused_by_pytorch(name):
    try:
        torch.load(path(name + ".pt"))
    except Exception as e:  # noqa: BLE001 - any refusal will do; the message is printed
        print(f"{name}.pt: torch.load refuses it: {str(e).splitlines()[0]}")
        return
    raise AssertionError(f"{name}.pt: torch.load read it")


def refused_fixtures():
    torch.manual_seed(8)
    data = torch.randn(V + P, D).numpy().tobytes()   # 120 float32
    whole = _Storage("0", (V + P) * D)
    token = _TensorView(whole, 0, [V, D], [D, 1])
    write_archive("view_offset_out_of_bounds", {"embed.weight": token, "pos_emb.weight": _TensorView(whole, 73, [P, D], [D, 1])}, {"0": data})
    refused_by_pytorch("view_offset_out_of_bounds")

    small = _Storage("0", P * D)   # 48 float32
    write_archive("view_stride_out_of_bounds", {"embed.weight": _TensorView(small, 0, [P, D], [D, 1]), "pos_emb.weight": _TensorView(small, 0, [P, D], [2 * D, 1])},
                  {"0": data[:P * D * 4]})
    refused_by_pytorch("view_stride_out_of_bounds")

    write_archive("view_storage_short", {"embed.weight": _TensorView(small, 0, [P, D], [D, 1]), "pos_emb.weight": _TensorView(small, 0, [P, D], [D, 1])},
                  {"0": data[:40 * 4]})
    # PyTorch 1.13 does not refuse this one: it allocates the declared 48 elements and leaves the
    # last 8 uninitialised (garbage values). The .NET reader refuses it.
    short = torch.load(path("view_storage_short.pt"))["pos_emb.weight"]
    print(f"view_storage_short.pt: torch.load 1.13 reads {short.storage().size()} elements from a 40-element record")

    write_archive("code_in_pickle", {"embed.weight": token, "pos_emb.weight": _RunsCode()}, {"0": data})
    print("code_in_pickle.pt: written (torch.load would run os.system; not loaded here)")

    torch.save(collections.OrderedDict([("embed.weight", torch.randn(V, D)), ("pos_emb.weight", torch.randn(P, D))]), path("legacy_format.pt"),
               _use_new_zipfile_serialization=False)


if __name__ == "__main__":
    view_fixtures()
    refused_fixtures()
