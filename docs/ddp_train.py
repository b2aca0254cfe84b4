#!/usr/bin/python3
"""Trains the MlNetPositional encoder (docs/mlnet_positional.py) with DistributedDataParallel.

    torchrun --standalone --nproc_per_node 2 docs/ddp_train.py --out runs/ddp          # 2 processes, gloo
    mlnet-positional import --layout mlnet-positional --weights runs/ddp/model.pt --out model.onnx

The task is the CLI's built-in `reverse` (label of position i = input token at L-1-i; lengths uniform
in [1, max length]; tokens drawn from the ordinary ids, never [PAD] 0 or [UNK] 1), drawn here with
PyTorch's own seeded generator: the same task, not the same samples as the .NET trainer.

Rank 0 writes into --out what `import --layout mlnet-positional` reads and what a parity check needs:
  model.pt              the encoder's state dict (torch.save), names of docs/mlnet_positional.py; the
                        task head is left out, as export-weights leaves it out
  model.pt.config.json  PositionalEncoder's constructor arguments (the .NET ModelConfig keys)
  model.pt.vocab.json   the vocabulary, a JSON array in id order
  model.io.json         seeded right-padded inputs (ids, mask) and PyTorch's outputs and mean pooling
  metrics.json          processes, threads, steps, samples/s, final loss, held-out token accuracy

Every rank draws the same data set from --seed; DistributedSampler gives each rank its slice of each
global batch, and the loss is summed over tokens and divided by the global batch's token count, so
DDP's gradient average is the gradient of the global batch: 1 process and N processes take the same
steps (up to the order of float sums).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlnet_positional import PositionalEncoder  # noqa: E402

PAD, UNK = 0, 1   # ids of [PAD] and [UNK], as in the .NET vocabulary the CLI's tasks use


def arguments():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder for rank 0's files")
    p.add_argument("--vocab-size", type=int, default=32)
    p.add_argument("--max-len", type=int, default=32)
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--global-batch", type=int, default=128, help="rows per step over all processes")
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--lr", type=float, default=1e-2, help="peak learning rate (the .NET trainer's default)")
    p.add_argument("--train-rows", type=int, default=65536, help="size of the seeded training set")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="torch threads per process (0: cores / processes)")
    return p.parse_args()


def reverse_task(rows, vocab_size, max_len, generator):
    """Right-padded (ids, mask, labels); labels are -100 (ignored) at pads."""
    lengths = torch.randint(1, max_len + 1, (rows,), generator=generator)
    ids = torch.randint(2, vocab_size, (rows, max_len), generator=generator)            # (N, T)
    mask = (torch.arange(max_len).unsqueeze(0) < lengths.unsqueeze(1)).long()          # (N, T)
    ids = ids * mask + PAD * (1 - mask)
    # Position i of a row of length L takes the token at L-1-i: gather with per-row reversed indices.
    source = (lengths.unsqueeze(1) - 1 - torch.arange(max_len).unsqueeze(0)).clamp_min(0)
    labels = ids.gather(1, source).masked_fill(mask.eq(0), -100)
    return ids, mask, labels


class ReverseModel(nn.Module):
    """The encoder plus a per-token classifier; only the encoder is saved."""

    def __init__(self, config):
        super().__init__()
        self.encoder = PositionalEncoder(**config)
        self.head = nn.Linear(config["dim"], config["vocab_size"])
        # mlnet_positional.py builds the position table as zeros (it is made for loading weights);
        # the .NET trainer starts it N(0, 1) like the token table, so tokens and positions enter alike.
        nn.init.normal_(self.encoder.embedding.positions)

    def forward(self, ids, mask):
        return self.head(self.encoder(ids, mask))   # (B, T, vocab)


def optimizer_like_dotnet(model, lr):
    """The .NET trainer's AdamW groups: linear weights (decay 0.01); the token and position tables
    (5x the rate, no decay: decay would shrink position rows a run never reaches); norms and biases."""
    tables = {id(model.encoder.embedding.tokens.weight), id(model.encoder.embedding.positions)}
    params = list(model.parameters())
    groups = [
        ([p for p in params if id(p) not in tables and p.dim() == 2], 0.01, 1.0),
        ([p for p in params if id(p) in tables], 0.0, 5.0),
        ([p for p in params if id(p) not in tables and p.dim() != 2], 0.0, 1.0),
    ]
    optimizer = torch.optim.AdamW([{"params": g, "weight_decay": decay, "lr": lr * scale} for g, decay, scale in groups], lr=lr)
    return optimizer, [scale for _, _, scale in groups]


def learning_rate(peak, step, steps, min_ratio=0.1):
    """The .NET trainer's schedule: linear warm-up over a tenth of the steps, then cosine to peak x 0.1."""
    warmup = max(1, steps // 10)
    if step <= warmup:
        return peak * step / warmup
    progress = min(1.0, (step - warmup) / max(1, steps - warmup))
    floor = peak * min_ratio
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def main():
    args = arguments()
    dist.init_process_group("gloo")   # torchrun's environment: RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT
    rank, world = dist.get_rank(), dist.get_world_size()
    if args.global_batch % world:
        raise SystemExit(f"--global-batch {args.global_batch} must be a multiple of the {world} processes")
    threads = args.threads or max(1, (os.cpu_count() or 1) // world)
    torch.set_num_threads(threads)

    config = {"vocab_size": args.vocab_size, "max_length": args.max_len, "dim": args.dim, "positional": "learned",
              "layers": args.layers, "heads": args.heads, "ff_dim": 0, "dropout": 0.0, "pad_id": PAD}
    torch.manual_seed(args.seed)   # the same initial weights on every rank (DDP also broadcasts rank 0's)
    model = DistributedDataParallel(ReverseModel(config))
    optimizer, scales = optimizer_like_dotnet(model.module, args.lr)

    data = TensorDataset(*reverse_task(args.train_rows, args.vocab_size, args.max_len, torch.Generator().manual_seed(args.seed)))
    sampler = DistributedSampler(data, num_replicas=world, rank=rank, shuffle=True, seed=args.seed, drop_last=True)
    loader = DataLoader(data, batch_size=args.global_batch // world, sampler=sampler, drop_last=True)

    dist.barrier()
    start = time.perf_counter()
    step, epoch, loss_value = 0, 0, math.nan
    while step < args.steps:
        sampler.set_epoch(epoch)   # a new shuffle each epoch, the same on every rank
        for ids, mask, labels in loader:
            logits = model(ids, mask)
            token_loss = nn.functional.cross_entropy(logits.flatten(0, 1), labels.flatten(), ignore_index=-100, reduction="sum")
            tokens = mask.sum().float()
            dist.all_reduce(tokens)                   # the global batch's token count
            loss = token_loss * world / tokens        # DDP divides the summed gradients by world
            for group, scale in zip(optimizer.param_groups, scales):
                group["lr"] = scale * learning_rate(args.lr, step + 1, args.steps)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            reported = (token_loss / tokens).detach()
            dist.all_reduce(reported)
            loss_value = reported.item()
            step += 1
            if rank == 0 and (step % 50 == 0 or step == args.steps):
                print(f"step {step}: loss {loss_value:.4f}", flush=True)
            if step == args.steps:
                break
        epoch += 1
    seconds = time.perf_counter() - start

    if rank == 0:
        write_outputs(args, config, model.module, world, threads, seconds, loss_value)
    dist.barrier()
    dist.destroy_process_group()


def write_outputs(args, config, model, world, threads, seconds, loss_value):
    os.makedirs(args.out, exist_ok=True)
    model.eval()
    held_out = reverse_task(2048, args.vocab_size, args.max_len, torch.Generator().manual_seed(args.seed + 1000))
    with torch.no_grad():
        ids, mask, labels = held_out
        predicted = model(ids, mask).argmax(-1)
        accuracy = (predicted.eq(labels) & mask.bool()).sum().item() / mask.sum().item()

    weights = os.path.join(args.out, "model.pt")
    torch.save(model.encoder.state_dict(), weights)
    with open(weights + ".config.json", "w") as f:
        json.dump(config, f, indent=2)
    with open(weights + ".vocab.json", "w") as f:
        json.dump(["[PAD]", "[UNK]"] + [f"t{i}" for i in range(2, args.vocab_size)], f)

    # Parity inputs: lengths 1, 3, half and full, right-padded; PyTorch's outputs for the .NET side.
    ids = torch.randint(2, args.vocab_size, (4, args.max_len), generator=torch.Generator().manual_seed(args.seed + 2000))
    lengths = torch.tensor([1, min(3, args.max_len), max(1, args.max_len // 2), args.max_len])
    mask = (torch.arange(args.max_len).unsqueeze(0) < lengths.unsqueeze(1)).long()
    ids = ids * mask + PAD * (1 - mask)
    with torch.no_grad():
        hidden = model.encoder(ids, mask)                       # (B, T, dim), pads zeroed
        pooled = PositionalEncoder.pool(hidden, mask)           # (B, dim)
    with open(os.path.join(args.out, "model.io.json"), "w") as f:
        json.dump({"ids": ids.tolist(), "mask": mask.tolist(), "outputs": hidden.tolist(), "pooled": pooled.tolist()}, f)

    metrics = {"processes": world, "threads_per_process": threads, "steps": args.steps, "global_batch": args.global_batch,
               "train_seconds": round(seconds, 3), "samples_per_second": round(args.steps * args.global_batch / seconds, 1),
               "final_loss": loss_value, "held_out_token_accuracy": accuracy, "torch": torch.__version__}
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(json.dumps(metrics), flush=True)


if __name__ == "__main__":
    main()
