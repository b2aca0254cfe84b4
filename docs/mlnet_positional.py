"""The MlNetPositional encoder in PyTorch, with the parameter names of `mlnet-positional export-weights`.

    import json, torch
    from mlnet_positional import PositionalEncoder
    config = json.load(open("model.pt.config.json"))          # written next to the weights
    model = PositionalEncoder(**config).eval()
    model.load_state_dict(torch.load("model.pt"), strict=True)
    hidden = model(ids, mask)                                   # (B, T, dim), pads zeroed
    pooled = PositionalEncoder.pool(hidden, mask)               # (B, dim): ApplyPositionalEmbedding's Mean

Positions are 0..T-1 from the left of each row: give right-padded batches (what the ONNX export
calls contract version 2 numbers the real tokens; for right padding the two agree). Dropout is only
active in train mode, as in .NET.
"""
import math

import torch
from torch import nn


class TokenAndPositionEmbedding(nn.Module):
    def __init__(self, vocab_size, max_length, dim, positional="learned", pad_id=0,
                 segment_row=False, embedding_norm=False, embedding_norm_eps=1e-5, dropout=0.0):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, dim, padding_idx=pad_id)
        table = torch.zeros(max_length, dim)
        if positional in ("learned", "learned-sinusoidal-init"):
            self.positions = nn.Parameter(table)
        elif positional == "sinusoidal":
            self.register_buffer("positions", table)
        else:
            self.positions = None
        self.segment = nn.Parameter(torch.zeros(dim)) if segment_row else None
        self.norm = nn.LayerNorm(dim, eps=embedding_norm_eps) if embedding_norm else None
        self.dropout = nn.Dropout(dropout)

    def forward(self, ids):
        x = self.tokens(ids)
        if self.segment is not None:
            x = x + self.segment
        if self.positions is not None:
            x = x + self.positions[: ids.shape[1]]
        if self.norm is not None:
            x = self.norm(x)
        return self.dropout(x)


class MultiHeadSelfAttention(nn.Module):
    masked_score = -1e9

    def __init__(self, dim, heads, dropout):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.output = nn.Linear(dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, key_is_pad):
        batch, length, dim = x.shape
        head_dim = dim // self.heads
        qkv = self.qkv(x).view(batch, length, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q.matmul(k.transpose(-2, -1)) * (1.0 / math.sqrt(head_dim))
        bias = (key_is_pad.float() * self.masked_score).view(batch, 1, 1, length)
        weights = self.dropout(torch.softmax(scores + bias, -1))
        y = weights.matmul(v).transpose(1, 2).contiguous().view(batch, length, dim)
        return self.dropout(self.output(y))


class FeedForward(nn.Module):
    def __init__(self, dim, hidden, dropout):
        super().__init__()
        self.up = nn.Linear(dim, hidden)
        self.down = nn.Linear(hidden, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.down(nn.functional.gelu(self.up(x))))


class EncoderBlock(nn.Module):
    def __init__(self, dim, heads, ff_dim, dropout):
        super().__init__()
        self.attention_norm = nn.LayerNorm(dim)
        self.attention = MultiHeadSelfAttention(dim, heads, dropout)
        self.feed_forward_norm = nn.LayerNorm(dim)
        self.feed_forward = FeedForward(dim, ff_dim, dropout)

    def forward(self, x, key_is_pad):
        x = x + self.attention(self.attention_norm(x), key_is_pad)
        return x + self.feed_forward(self.feed_forward_norm(x))


class PositionalEncoder(nn.Module):
    """Takes the model's config.json keys (vocab_size, max_length, dim, positional, layers, heads, ...)."""

    def __init__(self, vocab_size, max_length=32, dim=64, positional="learned", layers=0, heads=4,
                 ff_dim=0, dropout=0.0, pad_id=0, segment_row=False, embedding_norm=False,
                 embedding_norm_eps=1e-5):
        super().__init__()
        self.embedding = TokenAndPositionEmbedding(vocab_size, max_length, dim, positional, pad_id,
                                                   segment_row, embedding_norm, embedding_norm_eps, dropout)
        self.blocks = nn.ModuleList(EncoderBlock(dim, heads, ff_dim or 4 * dim, dropout) for _ in range(layers))
        self.final_norm = nn.LayerNorm(dim) if layers > 0 else None

    def forward(self, ids, mask=None):
        mask = torch.ones_like(ids) if mask is None else mask
        key_is_pad = mask.eq(0)
        x = self.embedding(ids)
        for block in self.blocks:
            x = block(x, key_is_pad)
        if self.final_norm is not None:
            x = self.final_norm(x)
        return x * mask.unsqueeze(-1).float()

    @staticmethod
    def pool(hidden, mask):
        keep = mask.unsqueeze(-1).float()
        return (hidden * keep).sum(1) / keep.sum(1).clamp_min(1.0)
