"""The decoder of torch_fast.py, written in plain PyTorch in the style of gpt-fast, and its CUDA-graph runner.

One model class covers the three families of peerlib.MODELS: gpt (GPT-2: LayerNorm, GELU tanh, learned
positions, biases, tied head), opt (ReLU, positions looked up at + 2, OPT-350m post-norm) and llama
(RMSNorm, SwiGLU, NeoX rotary, no biases, separate head, grouped KV heads). Every layer has its own static
KV cache of max_seq slots, written in place at the positions given as a device tensor, so that one decoding
step has the same shapes at every position and can be compiled once and captured once.

- prefill(ids, pos): the prompt's tokens at positions pos (B, T); causal attention over the prompt's own
  keys and values (T x T, flash-eligible), which are also written to the cache; returns token 1.
- decode(tok, pos): one token per sequence at the device position pos (shape (1,)); attention over the
  whole cache with a boolean mask of the filled slots (max_seq = input + output, so at most output - 1
  slots are masked); returns the next token.

GraphedGenerate captures prefill and one decoding step as two CUDA graphs over static buffers; the step
advances the position and the output column itself, on the device, so a generate is one copy, one
prefill replay and output_len - 1 step replays, with no host work or synchronisation between them.

This module imports torch; tools/peers/peerlib.py does not.
"""
from typing import Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from peerlib import ModelSpec

INIT_STD = 0.02


def _torch_at_least(major: int, minor: int) -> bool:
    parts = torch.__version__.split("+")[0].split(".")
    return (int(parts[0]), int(parts[1])) >= (major, minor)


# scaled_dot_product_attention(enable_gqa=...) came in torch 2.5; before it the KV heads are repeated.
SDPA_GQA = _torch_at_least(2, 5)


def _weight(shape, dtype, device, generator) -> nn.Parameter:
    w = torch.empty(shape, dtype=torch.float32, device=device).normal_(0.0, INIT_STD, generator=generator)
    return nn.Parameter(w.to(dtype), requires_grad=False)


def _ones(n, dtype, device) -> nn.Parameter:
    return nn.Parameter(torch.ones(n, dtype=dtype, device=device), requires_grad=False)


def _zeros(n, dtype, device) -> nn.Parameter:
    return nn.Parameter(torch.zeros(n, dtype=dtype, device=device), requires_grad=False)


def _rms_norm(x, weight, eps):
    """As Hugging Face's LlamaRMSNorm: normalised in float32, scaled in the input's dtype."""
    xf = x.float()
    xf = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + eps)
    return weight * xf.to(x.dtype)


def _rope(x, cos, sin):
    """NeoX rotary over the whole head (Hugging Face's rotate_half), in float32."""
    xf = x.float()
    x1, x2 = xf.chunk(2, dim=-1)
    return (xf * cos + torch.cat((-x2, x1), dim=-1) * sin).to(x.dtype)


def _attention(q, k, v, mask, causal: bool, n_rep: int):
    if n_rep == 1:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
    if SDPA_GQA:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal, enable_gqa=True)
    k = k.repeat_interleave(n_rep, dim=1)
    v = v.repeat_interleave(n_rep, dim=1)
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)


class Layer(nn.Module):
    def __init__(self, spec: ModelSpec, dtype, device, generator):
        super().__init__()
        C, H, KV, D, FF = spec.hidden, spec.heads, spec.kv_heads, spec.head_dim, spec.ffn
        self.H, self.KV, self.D = H, KV, D
        self.n_rep = H // KV
        self.pre_norm = not spec.post_norm
        self.layer_norm = spec.norm == "layer"
        self.eps = spec.norm_eps
        self.act = spec.activation
        self.wqkv = _weight(((H + 2 * KV) * D, C), dtype, device, generator)
        self.wo = _weight((C, H * D), dtype, device, generator)
        self.bqkv = _zeros((H + 2 * KV) * D, dtype, device) if spec.bias else None
        self.bo = _zeros(C, dtype, device) if spec.bias else None
        if self.act == "swiglu":
            self.w_gate_up = _weight((2 * FF, C), dtype, device, generator)  # gate rows, then up rows
            self.w_down = _weight((C, FF), dtype, device, generator)
        else:
            self.w_fc = _weight((FF, C), dtype, device, generator)
            self.b_fc = _zeros(FF, dtype, device) if spec.bias else None
            self.w_proj = _weight((C, FF), dtype, device, generator)
            self.b_proj = _zeros(C, dtype, device) if spec.bias else None
        self.n1_w = _ones(C, dtype, device)
        self.n2_w = _ones(C, dtype, device)
        self.n1_b = _zeros(C, dtype, device) if self.layer_norm else None
        self.n2_b = _zeros(C, dtype, device) if self.layer_norm else None
        self.register_buffer("k_cache", None, persistent=False)
        self.register_buffer("v_cache", None, persistent=False)

    def set_cache(self, batch: int, max_seq: int):
        like = self.wqkv
        shape = (batch, self.KV, max_seq, self.D)
        self.k_cache = torch.zeros(shape, dtype=like.dtype, device=like.device)
        self.v_cache = torch.zeros(shape, dtype=like.dtype, device=like.device)

    def _norm(self, x, w, b):
        if self.layer_norm:
            return F.layer_norm(x, (x.shape[-1],), w, b, self.eps)
        return _rms_norm(x, w, self.eps)

    def _mlp(self, h):
        if self.act == "swiglu":
            gate, up = F.linear(h, self.w_gate_up).chunk(2, dim=-1)
            return F.linear(F.silu(gate) * up, self.w_down)
        y = F.linear(h, self.w_fc, self.b_fc)
        y = F.gelu(y, approximate="tanh") if self.act == "gelu_tanh" else F.relu(y)
        return F.linear(y, self.w_proj, self.b_proj)

    def forward(self, x, pos, cos, sin, valid, prefill: bool):
        B, T, _ = x.shape
        H, KV, D = self.H, self.KV, self.D
        h = self._norm(x, self.n1_w, self.n1_b) if self.pre_norm else x
        q, k, v = F.linear(h, self.wqkv, self.bqkv).split([H * D, KV * D, KV * D], dim=-1)
        q = q.view(B, T, H, D).transpose(1, 2)
        k = k.view(B, T, KV, D).transpose(1, 2)
        v = v.view(B, T, KV, D).transpose(1, 2)
        if cos is not None:
            q = _rope(q, cos, sin)
            k = _rope(k, cos, sin)
        # In place, at the positions held on the device (gpt-fast's KVCache.update).
        self.k_cache[:, :, pos] = k
        self.v_cache[:, :, pos] = v
        if prefill:
            y = _attention(q, k, v, None, True, self.n_rep)
        else:
            y = _attention(q, self.k_cache, self.v_cache, valid, False, self.n_rep)
        y = F.linear(y.transpose(1, 2).reshape(B, T, H * D), self.wo, self.bo)
        if self.pre_norm:
            x = x + y
            return x + self._mlp(self._norm(x, self.n2_w, self.n2_b))
        x = self._norm(x + y, self.n1_w, self.n1_b)
        return self._norm(x + self._mlp(x), self.n2_w, self.n2_b)


class Decoder(nn.Module):
    def __init__(self, spec: ModelSpec, dtype, device, seed: int = 0):
        super().__init__()
        # No generator on the meta device (shapes only, for tests).
        generator = None if torch.device(device).type == "meta" else torch.Generator(device=device).manual_seed(seed)
        C = spec.hidden
        self.spec_name = spec.name
        self.max_positions = spec.max_positions
        self.rotary = spec.rotary
        self.rope_theta = spec.rope_theta
        self.head_dim = spec.head_dim
        self.offset = spec.position_offset
        self.layer_norm = spec.norm == "layer"
        self.eps = spec.norm_eps
        self.wte = _weight((spec.vocab, C), dtype, device, generator)
        self.wpe = None if spec.rotary else _weight((spec.max_positions + self.offset, C), dtype, device, generator)
        self.layers = nn.ModuleList(Layer(spec, dtype, device, generator) for _ in range(spec.layers))
        self.nf_w = _ones(C, dtype, device) if spec.final_norm else None
        self.nf_b = _zeros(C, dtype, device) if spec.final_norm and self.layer_norm else None
        self.lm_head = None if spec.tied_head else _weight((spec.vocab, C), dtype, device, generator)
        self.register_buffer("slots", None, persistent=False)
        self.register_buffer("cos", None, persistent=False)
        self.register_buffer("sin", None, persistent=False)
        self.max_seq = 0

    def set_cache(self, batch: int, max_seq: int):
        """(Re)allocates every layer's KV cache for `batch` sequences of up to `max_seq` tokens."""
        if max_seq > self.max_positions:
            raise ValueError(f"{max_seq} positions exceed {self.spec_name}'s {self.max_positions}")
        device = self.wte.device
        self.max_seq = max_seq
        for layer in self.layers:
            layer.k_cache = layer.v_cache = None
        for layer in self.layers:
            layer.set_cache(batch, max_seq)
        self.slots = torch.arange(max_seq, device=device)
        if self.rotary:
            d = self.head_dim
            inv_freq = 1.0 / (self.rope_theta ** (torch.arange(0, d, 2, device=device, dtype=torch.int64).float() / d))
            freqs = torch.outer(torch.arange(max_seq, device=device, dtype=torch.int64).float(), inv_freq)
            emb = torch.cat((freqs, freqs), dim=-1)
            self.cos, self.sin = emb.cos(), emb.sin()

    def logits(self, ids, pos, prefill: bool):
        """Logits of the last position of each sequence, (B, vocab)."""
        x = F.embedding(ids, self.wte)
        if self.wpe is not None:
            x = x + F.embedding(pos + self.offset, self.wpe)
        cos = sin = None
        if self.rotary:
            cos, sin = self.cos[pos], self.sin[pos]
        valid = None if prefill else (self.slots <= pos).view(1, 1, 1, -1)
        for layer in self.layers:
            x = layer(x, pos, cos, sin, valid, prefill)
        h = x[:, -1]
        if self.nf_w is not None:
            h = F.layer_norm(h, (h.shape[-1],), self.nf_w, self.nf_b, self.eps) if self.layer_norm \
                else _rms_norm(h, self.nf_w, self.eps)
        return F.linear(h, self.wte if self.lm_head is None else self.lm_head)

    def prefill(self, ids, pos):
        """The prompt ids (B, T) at positions pos (T,): fills the cache's first T slots, returns token 1 (B,)."""
        return self.logits(ids, pos, True).argmax(dim=-1)

    def decode(self, tok, pos):
        """One token per sequence (B, 1) at position pos (1,): writes its cache slot, returns the next (B,)."""
        return self.logits(tok, pos, False).argmax(dim=-1)


def eager_generate(model: Decoder, prompt, out: int):
    """The reference: the same model without compile or graphs, a host loop over the steps."""
    B, inp = prompt.shape
    device = prompt.device
    nxt = model.prefill(prompt, torch.arange(inp, device=device))
    tokens = [nxt]
    for i in range(out - 1):
        nxt = model.decode(nxt[:, None], torch.tensor([inp + i], device=device))
        tokens.append(nxt)
    return torch.stack(tokens, dim=1)


def recompute_generate(model: Decoder, prompt, out: int):
    """Each token from a prefill over the whole sequence so far: no cached key or value is read back."""
    seq = prompt
    tokens = []
    for _ in range(out):
        nxt = model.prefill(seq, torch.arange(seq.shape[1], device=seq.device))
        tokens.append(nxt)
        seq = torch.cat((seq, nxt[:, None]), dim=1)
    return torch.stack(tokens, dim=1)


def agreement(a, b) -> float:
    """The fraction of equal tokens, counted up to the first difference in each sequence (greedy decoding
    follows a different path after one), over all sequences."""
    same = (a == b).int().cumprod(dim=1)
    return float(same.sum().item()) / a.numel()


class GraphedGenerate:
    """One batch size and input/output length: static buffers, prefill and one step as CUDA graphs.

    compiled=True runs prefill and the step through torch.compile (inductor, fullgraph, static shapes) and
    captures the compiled code; compiled=False captures the eager ops (torch_graph: what the graphs alone
    give). Either way the compile, the library's kernel choices and a full generate happen in warm-up, on
    a side stream, before capture."""

    def __init__(self, model: Decoder, batch: int, inp: int, out: int, compiled: bool,
                 decode_math_attention: bool = False):
        device = model.wte.device
        self.batch, self.inp, self.out = batch, inp, out
        model.set_cache(batch, inp + out)
        self.ids = torch.zeros((batch, inp), dtype=torch.long, device=device)
        self.prompt_pos = torch.arange(inp, device=device)
        self.tok = torch.zeros((batch, 1), dtype=torch.long, device=device)
        self.pos = torch.zeros((1,), dtype=torch.long, device=device)
        self.col = torch.zeros((1,), dtype=torch.long, device=device)
        self.tokens = torch.zeros((batch, out), dtype=torch.long, device=device)
        self._prefill, self._decode = model.prefill, model.decode
        if compiled:
            self._prefill = torch.compile(model.prefill, fullgraph=True, dynamic=False)
            self._decode = torch.compile(model.decode, fullgraph=True, dynamic=False)
        self.decode_math_attention = decode_math_attention
        self.prefill_graph: Optional[torch.cuda.CUDAGraph] = None
        self.step_graph: Optional[torch.cuda.CUDAGraph] = None

    def _prefill_body(self):
        nxt = self._prefill(self.ids, self.prompt_pos)
        self.tokens[:, 0].copy_(nxt)
        self.tok[:, 0].copy_(nxt)
        self.pos.fill_(self.inp)
        self.col.fill_(1)

    def _step_body(self):
        if self.decode_math_attention:
            from torch.nn.attention import SDPBackend, sdpa_kernel
            with sdpa_kernel(SDPBackend.MATH):
                nxt = self._decode(self.tok, self.pos)
        else:
            nxt = self._decode(self.tok, self.pos)
        self.tokens.index_copy_(1, self.col, nxt[:, None])
        self.tok[:, 0].copy_(nxt)
        self.pos.add_(1)
        self.col.add_(1)

    def capture(self, warm_generates: int = 2):
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(warm_generates):
                self._prefill_body()
                for _ in range(self.out - 1):
                    self._step_body()
        torch.cuda.current_stream().wait_stream(side)
        torch.cuda.synchronize()
        # Captured on the stream that warmed up (its cuBLAS workspace and kernels already set up).
        self.prefill_graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.prefill_graph, stream=side):
            self._prefill_body()
        if self.out > 1:
            self.step_graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(self.step_graph, stream=side):
                self._step_body()
        torch.cuda.synchronize()

    def generate(self, prompt, first_token_event=None):
        """Tokens (batch, out) of a greedy generate; nothing waits on the GPU here."""
        self.ids.copy_(prompt)
        self.prefill_graph.replay()
        if first_token_event is not None:
            first_token_event.record()
        for _ in range(self.out - 1):
            self.step_graph.replay()
        return self.tokens

    def release(self):
        self.prefill_graph = self.step_graph = None
        self._prefill = self._decode = None


def weights_bytes(model: Decoder) -> int:
    return sum(p.numel() * p.element_size() for p in model.parameters())


def cache_bytes(model: Decoder) -> int:
    return sum(l.k_cache.numel() * l.k_cache.element_size() * 2 for l in model.layers if l.k_cache is not None)


def describe(model: Decoder) -> str:
    gib = 1 << 30
    return f"weights {weights_bytes(model) / gib:.2f} GiB, KV cache {cache_bytes(model) / gib:.2f} GiB"
