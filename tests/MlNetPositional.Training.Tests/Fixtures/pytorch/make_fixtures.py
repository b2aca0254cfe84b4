#!/usr/bin/python3
"""Makes the PyTorch interop fixtures with real PyTorch (Debian's python3-torch 1.13):

    apt-get install python3-torch
    /usr/bin/python3 tests/MlNetPositional.Training.Tests/Fixtures/pytorch/make_fixtures.py

1. State dicts in three layouts (the seed module, Hugging Face BERT-style embeddings, GPT-2-style),
   as torch.save pickles and .safetensors, with inputs and PyTorch's outputs (*.io.json).
2. Files the importer must refuse (not a state dict, a whole pickled module, float64, int64).
3. The export-back check: loads ours.pt and ours.safetensors (written by `mlnet-positional
   export-weights` from a small checkpoint and committed here) into docs/mlnet_positional.py with
   strict=True and records PyTorch's outputs (ours.io.json), which the .NET tests compare to theirs.
   They were made with:
     mlnet-positional train --task order --layers 1 --dim 16 --heads 2 --max-len 8 --vocab-size 12 --steps 30 --seed 3 --out ours.run
     mlnet-positional export-weights --checkpoint ours.run --out ours.pt
     mlnet-positional export-weights --checkpoint ours.run --out ours.safetensors

Deterministic (seeded); the tests need no Python. The safetensors format is written and read here by
hand (8-byte header length, JSON header, raw little-endian data), as the package is not in Debian 12.
"""
import json
import os
import struct
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "docs"))
from mlnet_positional import PositionalEncoder  # noqa: E402

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64", torch.int64: "I64"}


def save_safetensors(tensors, path):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    body = data[8 + size:]
    kinds = {v: k for k, v in DTYPES.items()}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=kinds[info["dtype"]]).reshape(info["shape"])
    return out


def write_io(name, ids, outputs, mask=None):
    record = {"ids": ids.tolist(), "outputs": outputs.detach().float().tolist()}
    if mask is not None:
        record["mask"] = mask.tolist()
    with open(os.path.join(HERE, name + ".io.json"), "w") as f:
        json.dump(record, f)


class customEmbedding(nn.Module):  # the seed module, verbatim in shape and names
    def __init__(self, hidden_dim, sequence_len, vocab_size):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, hidden_dim)
        self.pos_emb = nn.Embedding(sequence_len, hidden_dim)

    def forward(self, x):
        return self.embed(x) + self.pos_emb.weight


def seed_fixtures():
    torch.manual_seed(1)
    model = customEmbedding(hidden_dim=16, sequence_len=8, vocab_size=20).eval()
    state = model.state_dict()
    torch.save(state, os.path.join(HERE, "seed.pt"))
    save_safetensors(state, os.path.join(HERE, "seed.safetensors"))
    ids = torch.tensor([[0, 5, 19, 3, 3, 7, 1, 12], [19, 18, 0, 0, 4, 2, 9, 11]])  # full length: the seed's forward needs it
    with torch.no_grad():
        write_io("seed", ids, model(ids))
    # Half precision: stored as float16, imported as float32 (exact), compared with the upcast model.
    half = {k: v.half() for k, v in state.items()}
    torch.save(half, os.path.join(HERE, "seed_fp16.pt"))
    upcast = customEmbedding(16, 8, 20).eval()
    upcast.load_state_dict({k: v.float() for k, v in half.items()})
    with torch.no_grad():
        write_io("seed_fp16", ids, upcast(ids))


def bert_fixtures():
    torch.manual_seed(2)
    vocab = ["[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [f"word{i}" for i in range(24)]
    with open(os.path.join(HERE, "bert_vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    word = nn.Embedding(len(vocab), 16, padding_idx=0)
    position = nn.Embedding(12, 16)
    token_type = nn.Embedding(2, 16)
    norm = nn.LayerNorm(16, eps=1e-12)
    for table in (word, position, token_type):
        nn.init.normal_(table.weight, std=0.02)   # BERT's initialiser scale
    with torch.no_grad():
        word.weight[0].zero_()
        norm.weight.copy_(1 + 0.1 * torch.randn(16))
        norm.bias.copy_(0.1 * torch.randn(16))
    state = {
        "embeddings.position_ids": torch.arange(12).unsqueeze(0),     # a buffer real BERT checkpoints carry
        "embeddings.word_embeddings.weight": word.weight.detach(),
        "embeddings.position_embeddings.weight": position.weight.detach(),
        "embeddings.token_type_embeddings.weight": token_type.weight.detach(),
        "embeddings.LayerNorm.weight": norm.weight.detach(),
        "embeddings.LayerNorm.bias": norm.bias.detach(),
        "encoder.layer.0.attention.self.query.weight": torch.randn(16, 16),   # not imported
    }
    torch.save(state, os.path.join(HERE, "bert.pt"))
    ids = torch.tensor([[3, 10, 11, 12, 4, 0, 0, 0, 0, 0, 0, 0], [3, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 4]])
    with torch.no_grad():
        # Hugging Face BertEmbeddings, absolute positions, token type 0: LayerNorm(word + type + position).
        x = word(ids) + token_type(torch.zeros_like(ids))
        x = x + position(torch.arange(ids.shape[1])).unsqueeze(0)
        write_io("bert", ids, norm(x))


def gpt2_fixtures():
    torch.manual_seed(3)
    wte = nn.Embedding(25, 16)
    wpe = nn.Embedding(10, 16)
    state = {"wte.weight": wte.weight.detach(), "wpe.weight": wpe.weight.detach(), "h.0.ln_1.weight": torch.ones(16)}
    save_safetensors(state, os.path.join(HERE, "gpt2.safetensors"))
    ids = torch.tensor([[24, 0, 3, 7, 7, 1]])
    with torch.no_grad():
        write_io("gpt2", ids, wte(ids) + wpe(torch.arange(ids.shape[1])))


def refused_fixtures():
    torch.manual_seed(4)
    torch.save([torch.zeros(2, 2)], os.path.join(HERE, "not_a_state_dict.pt"))
    torch.save(customEmbedding(4, 3, 5), os.path.join(HERE, "whole_module.pt"))
    torch.save({"embed.weight": torch.randn(5, 4, dtype=torch.float64), "pos_emb.weight": torch.randn(3, 4)}, os.path.join(HERE, "float64.pt"))
    torch.save({"embed.weight": torch.zeros(5, 4, dtype=torch.int64), "pos_emb.weight": torch.randn(3, 4)}, os.path.join(HERE, "int64.pt"))
    torch.save({"embed.weight": torch.randn(5, 4), "pos_emb.weight": torch.randn(3, 6)}, os.path.join(HERE, "mismatched.pt"))


def export_back_check():
    """ours.* come from `mlnet-positional export-weights` (see the README); skipped until they exist."""
    config_path = os.path.join(HERE, "ours.pt.config.json")
    if not os.path.exists(config_path):
        print("ours.pt not exported yet: skipping the export-back check")
        return
    with open(config_path) as f:
        config = json.load(f)
    torch.manual_seed(5)
    ids = torch.randint(3, config["vocab_size"], (3, config["max_length"]))
    mask = torch.ones_like(ids)
    mask[1, 5:] = 0
    mask[2, 2:] = 0
    ids = ids * mask + config["pad_id"] * (1 - mask)
    outputs = {}
    for name, state in (("pt", torch.load(os.path.join(HERE, "ours.pt"))), ("safetensors", load_safetensors(os.path.join(HERE, "ours.safetensors")))):
        model = PositionalEncoder(**config).eval()
        model.load_state_dict(state, strict=True)
        with torch.no_grad():
            outputs[name] = model(ids, mask)
    assert torch.equal(outputs["pt"], outputs["safetensors"]), "the two formats hold the same weights"
    write_io("ours", ids, outputs["pt"], mask)
    print("export-back: both files loaded with strict=True")


if __name__ == "__main__":
    seed_fixtures()
    bert_fixtures()
    gpt2_fixtures()
    refused_fixtures()
    export_back_check()
    total = sum(os.path.getsize(os.path.join(HERE, f)) for f in os.listdir(HERE))
    print(f"fixtures: {total} bytes")
