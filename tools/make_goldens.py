#!/usr/bin/env python3
"""Golden fixtures from Hugging Face transformers for the engine's CPU reference tests.

For each tiny model below this script builds a randomly initialised Hugging Face model (fixed seed,
float32, eager attention), saves it as config.json + model.safetensors, and records in golden.json:
the prompts, the logits at the last prompt position (the "first-step logits", [B][V]) and 8 greedy
tokens per prompt, computed by a manual loop (a full forward of the growing sequence at every step,
argmax of the last position; no generate(), no EOS stop); and hf_low_precision_error, Hugging Face's own
relative error in float16 and bfloat16 on the same case (the model cast to the type, on the CPU), from which
the GPU engine tests take their low-precision limits. GoldenReferenceTest loads each directory
with HfCheckpoint and requires the Java reference to match.

The goldens are computed by the model reloaded from the saved files, so they describe exactly what
the checkpoint holds. Everything runs on the CPU in float32 (no TF32, no GPU nondeterminism) and
needs no network and no tokenizer.

Usage: python3 tools/make_goldens.py [OUT_DIR] [--only NAME,NAME]   (default: engine/src/test/resources/goldens;
--only remakes just those models, so a new one leaves the others' files untouched)
Written for torch 2.11 and transformers 5.x (the v5 API: dtype=, rope_parameters, safetensors-only saving).
"""

import copy
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local files only: never reach the Hub

import torch
import transformers
from transformers import (AutoModelForCausalLM, GPT2Config, GPT2LMHeadModel, GPTJConfig, GPTJForCausalLM, GPTNeoXConfig,
                          GPTNeoXForCausalLM, FalconConfig, FalconForCausalLM, BloomConfig,
                          BloomForCausalLM, Qwen2Config, Qwen2ForCausalLM, MixtralConfig,
                          MixtralForCausalLM, GPTBigCodeConfig, GPTBigCodeForCausalLM, Starcoder2Config,
                          Starcoder2ForCausalLM, BertConfig, BertModel, RobertaConfig,
                          RobertaModel, LlamaConfig, GlmConfig, GlmForCausalLM,
                          LlamaForCausalLM, OPTConfig, OPTForCausalLM)

SEED = 1234
VOCAB = 128
POSITIONS = 128
BATCH = 3
PROMPT_LEN = 7
OUTPUT_LEN = 8
# Normal std of matrices and embeddings. Hugging Face's default (0.02) makes a tiny model's logits nearly
# flat, so that greedy tokens are decided by rounding noise; 0.15 gives clear argmaxes that still vary.
WEIGHT_STD = 0.15
NORM_WEIGHT_NOISE = 0.1
BIAS_STD = 0.05


def gpt2():
    return GPT2LMHeadModel(GPT2Config(
        vocab_size=VOCAB, n_positions=POSITIONS, n_embd=64, n_layer=2, n_head=4, n_inner=128,
        activation_function="gelu_new", layer_norm_epsilon=1e-5,
        resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
        bos_token_id=0, eos_token_id=0, tie_word_embeddings=True))


def opt(pre_norm):
    return OPTForCausalLM(OPTConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=64, word_embed_proj_dim=64,
        num_hidden_layers=2, num_attention_heads=4, ffn_dim=128, activation_function="relu",
        do_layer_norm_before=pre_norm, dropout=0.0, attention_dropout=0.0, layerdrop=0.0,
        enable_bias=True, tie_word_embeddings=True))


def llama():
    return LlamaForCausalLM(LlamaConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, intermediate_size=160,
        num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=2, hidden_act="silu",
        rms_norm_eps=1e-6, rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
        attention_bias=False, mlp_bias=False, tie_word_embeddings=False))


def gptj():
    # Attention and MLP in parallel off one LayerNorm, GPT-J (interleaved) rotary on the first 8 of each
    # head's 16 dims, biases on the MLP and the LM head only.
    return GPTJForCausalLM(GPTJConfig(
        vocab_size=VOCAB, n_positions=POSITIONS, n_embd=96, n_layer=2, n_head=6, rotary_dim=8, n_inner=160,
        activation_function="gelu_new", layer_norm_epsilon=1e-5, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
        bos_token_id=0, eos_token_id=0, tie_word_embeddings=False))


def gptneox():
    # Parallel residual with two LayerNorms, NeoX rotary on a quarter of each head (4 of 16 dims), the fused
    # query_key_value laid out per head, biases everywhere but the LM head. gelu_new: the tanh GELU of
    # gpt-neox-20b's gelu_fast.
    return GPTNeoXForCausalLM(GPTNeoXConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, num_hidden_layers=2, num_attention_heads=6,
        intermediate_size=160, hidden_act="gelu_new", layer_norm_eps=1e-5, use_parallel_residual=True,
        attention_bias=True, hidden_dropout=0.0, attention_dropout=0.0, tie_word_embeddings=False,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 0.25},
        bos_token_id=0, eos_token_id=0))


def falcon(new_decoder_architecture):
    # Falcon 7B style: multi-query attention (one key/value head), attention and MLP in parallel off one
    # LayerNorm, NeoX rotary on the whole head, no biases, the exact (erf) GELU, tied LM head. With the new
    # decoder architecture (40B, 180B): 2 key/value heads, the fused rows grouped per key/value head, two
    # LayerNorms in parallel.
    return FalconForCausalLM(FalconConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, num_hidden_layers=2, num_attention_heads=6,
        num_kv_heads=2 if new_decoder_architecture else None, multi_query=not new_decoder_architecture,
        new_decoder_architecture=new_decoder_architecture, parallel_attn=True, bias=False, alibi=False,
        activation="gelu", ffn_hidden_size=160, layer_norm_epsilon=1e-5, hidden_dropout=0.0, attention_dropout=0.0,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0}, tie_word_embeddings=True,
        bos_token_id=0, eos_token_id=0))


def falcon_rw():
    # Falcon-RW: ALiBi added before the 1/sqrt(D) scaling (6 heads: BLOOM's slopes), attention then MLP off
    # their own LayerNorms, biases everywhere, the exact GELU.
    return FalconForCausalLM(FalconConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, num_hidden_layers=2, num_attention_heads=6,
        multi_query=False, new_decoder_architecture=False, parallel_attn=False, bias=True, alibi=True,
        activation="gelu", ffn_hidden_size=160, layer_norm_epsilon=1e-5, hidden_dropout=0.0, attention_dropout=0.0,
        tie_word_embeddings=True, bos_token_id=0, eos_token_id=0))


def bloom():
    # ALiBi with 6 heads (not a power of two: the extra slopes of Hugging Face's build_alibi_tensor), a
    # LayerNorm after the embedding, fused query_key_value per head, biases everywhere. The LM head is untied
    # here (BLOOM ties it): tied, this tiny model repeats each prompt's last token and tests less.
    return BloomForCausalLM(BloomConfig(
        vocab_size=VOCAB, hidden_size=96, n_layer=2, n_head=6, layer_norm_epsilon=1e-5,
        apply_residual_connection_post_layernorm=False, hidden_dropout=0.0, attention_dropout=0.0,
        tie_word_embeddings=False, bos_token_id=0, eos_token_id=0))


def qwen2_block(kv_heads, rope_theta):
    # LLaMA with biases on q, k and v only (Qwen2ForCausalLM).
    return Qwen2ForCausalLM(Qwen2Config(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, intermediate_size=160,
        num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=kv_heads, hidden_act="silu", rms_norm_eps=1e-6,
        rope_parameters={"rope_type": "default", "rope_theta": rope_theta}, use_sliding_window=False,
        attention_dropout=0.0, tie_word_embeddings=False, bos_token_id=0, eos_token_id=0))


def qwen2():
    # Qwen1.5: grouped-query attention, rotary theta 1e6.
    return qwen2_block(kv_heads=2, rope_theta=1000000.0)


def mixtral():
    # LLaMA with a mixture of 4 SwiGLU experts, 2 of them per token, routed by softmax and renormalised.
    return MixtralForCausalLM(MixtralConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, intermediate_size=64,
        num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=2, hidden_act="silu", rms_norm_eps=1e-6,
        num_local_experts=4, num_experts_per_tok=2, router_jitter_noise=0.0, sliding_window=None,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0}, attention_dropout=0.0,
        tie_word_embeddings=False, bos_token_id=0, eos_token_id=0))


def starcoder():
    # GPTBigCode: GPT-2's block with multi-query attention (one key/value head), learned positions, tied head.
    return GPTBigCodeForCausalLM(GPTBigCodeConfig(
        vocab_size=VOCAB, n_positions=POSITIONS, n_embd=96, n_layer=2, n_head=6, n_inner=160, multi_query=True,
        activation_function="gelu_pytorch_tanh", layer_norm_epsilon=1e-5, resid_pdrop=0.0, embd_pdrop=0.0,
        attn_pdrop=0.0, tie_word_embeddings=True, bos_token_id=0, eos_token_id=0))


def starcoder2():
    # LayerNorm blocks with biases everywhere, grouped-query attention, NeoX rotary (theta 1e6), tied head;
    # the sliding window (64) is under the positions, so the fixture's sequences stay inside it.
    return Starcoder2ForCausalLM(Starcoder2Config(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, intermediate_size=160,
        num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=2, hidden_act="gelu_pytorch_tanh",
        norm_epsilon=1e-5, use_bias=True, sliding_window=64, residual_dropout=0.0, embedding_dropout=0.0,
        attention_dropout=0.0, rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
        tie_word_embeddings=True, bos_token_id=0, eos_token_id=0))


def llama_multi_head(attention_bias):
    # LLaMA with one key/value head per query head, with or without a bias on q, k, v and o.
    return LlamaForCausalLM(LlamaConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, intermediate_size=160,
        num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=6, hidden_act="silu", rms_norm_eps=1e-6,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0}, attention_bias=attention_bias, mlp_bias=False,
        tie_word_embeddings=False, bos_token_id=0, eos_token_id=0))


def internlm():
    # InternLM 7B: LLaMA (multi-head) with a bias on q, k, v and o, as LlamaForCausalLM's attention_bias gives.
    return llama_multi_head(attention_bias=True)


def baichuan():
    # Baichuan 7B: LLaMA (multi-head, no bias) whose q, k and v are one packed W_pack.
    return llama_multi_head(attention_bias=False)


def qwen():
    # Qwen (v1): Qwen2's function (multi-head, q/k/v bias, theta 10000) under Qwen v1's names.
    return qwen2_block(kv_heads=6, rope_theta=10000.0)


def chatglm2():
    # ChatGLM2/3: GLM-4's block (transformers' GlmForCausalLM): q/k/v bias, 2 key/value groups, GPT-J
    # (interleaved) rotary on the first half of each head, RMSNorm, SwiGLU, under ChatGLM2's names.
    return GlmForCausalLM(GlmConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, hidden_size=96, intermediate_size=160,
        num_hidden_layers=2, num_attention_heads=6, num_key_value_heads=2, head_dim=16, partial_rotary_factor=0.5,
        hidden_act="silu", rms_norm_eps=1e-5, attention_bias=True, attention_dropout=0.0,
        rope_parameters={"rope_type": "default", "rope_theta": 10000.0, "partial_rotary_factor": 0.5},
        tie_word_embeddings=False, bos_token_id=0, eos_token_id=0, pad_token_id=0))


# The remote-code families (no class in transformers): a fixture built with an equivalent class is saved
# again under the family's own tensor names and config.json, as its published checkpoints are.
def as_internlm(config, tensors):
    c = config
    return {"architectures": ["InternLMForCausalLM"], "model_type": "internlm", "hidden_size": c["hidden_size"],
            "num_hidden_layers": c["num_hidden_layers"], "num_attention_heads": c["num_attention_heads"],
            "intermediate_size": c["intermediate_size"], "vocab_size": c["vocab_size"], "hidden_act": "silu",
            "rms_norm_eps": c["rms_norm_eps"], "max_position_embeddings": c["max_position_embeddings"], "bias": True,
            "tie_word_embeddings": False}, tensors


def as_baichuan(config, tensors):
    c = config
    out = {}
    for name, t in tensors.items():
        if ".self_attn.q_proj." in name:
            prefix = name.split("self_attn.q_proj.")[0]
            out[prefix + "self_attn.W_pack.weight"] = torch.cat(
                [t, tensors[prefix + "self_attn.k_proj.weight"], tensors[prefix + "self_attn.v_proj.weight"]])
        elif ".self_attn.k_proj." not in name and ".self_attn.v_proj." not in name:
            out[name] = t
    return {"architectures": ["BaiChuanForCausalLM"], "model_type": "baichuan", "hidden_size": c["hidden_size"],
            "num_hidden_layers": c["num_hidden_layers"], "num_attention_heads": c["num_attention_heads"],
            "intermediate_size": c["intermediate_size"], "vocab_size": c["vocab_size"], "hidden_act": "silu",
            "rms_norm_eps": c["rms_norm_eps"], "max_position_embeddings": c["max_position_embeddings"],
            "tie_word_embeddings": False}, out


def as_qwen(config, tensors):
    c = config
    out = {"transformer.wte.weight": tensors["model.embed_tokens.weight"],
           "transformer.ln_f.weight": tensors["model.norm.weight"], "lm_head.weight": tensors["lm_head.weight"]}
    for l in range(c["num_hidden_layers"]):
        hf, q = f"model.layers.{l}.", f"transformer.h.{l}."
        out[q + "ln_1.weight"] = tensors[hf + "input_layernorm.weight"]
        out[q + "ln_2.weight"] = tensors[hf + "post_attention_layernorm.weight"]
        for kind in ("weight", "bias"):
            out[q + "attn.c_attn." + kind] = torch.cat([tensors[hf + f"self_attn.{x}_proj.{kind}"] for x in "qkv"])
        out[q + "attn.c_proj.weight"] = tensors[hf + "self_attn.o_proj.weight"]
        out[q + "mlp.w2.weight"] = tensors[hf + "mlp.gate_proj.weight"]  # w2 goes through silu
        out[q + "mlp.w1.weight"] = tensors[hf + "mlp.up_proj.weight"]
        out[q + "mlp.c_proj.weight"] = tensors[hf + "mlp.down_proj.weight"]
    return {"architectures": ["QWenLMHeadModel"], "model_type": "qwen", "hidden_size": c["hidden_size"],
            "num_hidden_layers": c["num_hidden_layers"], "num_attention_heads": c["num_attention_heads"],
            "kv_channels": c["hidden_size"] // c["num_attention_heads"],
            "intermediate_size": 2 * c["intermediate_size"], "vocab_size": c["vocab_size"],
            "layer_norm_epsilon": c["rms_norm_eps"], "rotary_emb_base": 10000, "rotary_pct": 1.0,
            "max_position_embeddings": c["max_position_embeddings"], "seq_length": c["max_position_embeddings"],
            "no_bias": True, "use_dynamic_ntk": True, "use_logn_attn": True, "tie_word_embeddings": False}, out


def as_chatglm2(config, tensors):
    c = config
    out = {"transformer.embedding.word_embeddings.weight": tensors["model.embed_tokens.weight"],
           "transformer.encoder.final_layernorm.weight": tensors["model.norm.weight"],
           "transformer.output_layer.weight": tensors["lm_head.weight"]}
    for l in range(c["num_hidden_layers"]):
        hf, g = f"model.layers.{l}.", f"transformer.encoder.layers.{l}."
        out[g + "input_layernorm.weight"] = tensors[hf + "input_layernorm.weight"]
        out[g + "post_attention_layernorm.weight"] = tensors[hf + "post_attention_layernorm.weight"]
        for kind in ("weight", "bias"):
            out[g + "self_attention.query_key_value." + kind] = torch.cat(
                [tensors[hf + f"self_attn.{x}_proj.{kind}"] for x in "qkv"])
        out[g + "self_attention.dense.weight"] = tensors[hf + "self_attn.o_proj.weight"]
        out[g + "mlp.dense_h_to_4h.weight"] = tensors[hf + "mlp.gate_up_proj.weight"]  # gate rows, then up
        out[g + "mlp.dense_4h_to_h.weight"] = tensors[hf + "mlp.down_proj.weight"]
    return {"architectures": ["ChatGLMModel"], "model_type": "chatglm", "hidden_size": c["hidden_size"],
            "num_layers": c["num_hidden_layers"], "num_attention_heads": c["num_attention_heads"],
            "kv_channels": c["head_dim"], "multi_query_attention": True,
            "multi_query_group_num": c["num_key_value_heads"], "ffn_hidden_size": c["intermediate_size"],
            "padded_vocab_size": c["vocab_size"], "layernorm_epsilon": c["rms_norm_eps"],
            "seq_length": c["max_position_embeddings"], "rmsnorm": True, "post_layer_norm": True,
            "apply_residual_connection_post_layernorm": False, "add_bias_linear": False, "add_qkv_bias": True,
            "original_rope": True, "tie_word_embeddings": False}, out


# Models whose goldens come from the SDPA attention rather than the eager one: transformers 5.17's eager Falcon
# attention adds the ALiBi bias once itself and once more through the mask FalconModel folds it into (its
# logits differ from the SDPA path's by 0.35 on the fixture); the SDPA path adds it once, scaled by
# 1/sqrt(D) as the original Falcon-RW code does.
SDPA_GOLDENS = {"falcon_rw"}


# Fixtures saved again under a remote-code family's names: name -> the conversion of (config, tensors).
CONVERTED = {
    "internlm": as_internlm,
    "baichuan": as_baichuan,
    "qwen": as_qwen,
    "chatglm2": as_chatglm2,
}


# New models go last: a model's seed is its place in this table, so the others' fixtures stay as they are.
MODELS = {
    "gpt2": gpt2,
    "opt_post_norm": lambda: opt(pre_norm=False),
    "opt_pre_norm": lambda: opt(pre_norm=True),
    "llama_gqa": llama,
    "gptj": gptj,
    "gptneox": gptneox,
    "falcon_mqa": lambda: falcon(new_decoder_architecture=False),
    "falcon_gqa": lambda: falcon(new_decoder_architecture=True),
    "bloom": bloom,
    "qwen2": qwen2,
    "mixtral": mixtral,
    "starcoder": starcoder,
    "starcoder2": starcoder2,
    "internlm": internlm,
    "baichuan": baichuan,
    "qwen": qwen,
    "chatglm2": chatglm2,
    "falcon_rw": falcon_rw,
}


def randomise(model, seed):
    """Overwrites every parameter: norms 1 + noise, biases small noise, matrices and embeddings N(0, WEIGHT_STD)."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():  # tied parameters are listed once
            noise = torch.randn(p.shape, generator=generator, dtype=torch.float32)
            is_norm = "norm" in name.lower() or ".ln_" in name
            if p.dim() == 1 and is_norm and name.endswith("weight"):
                p.copy_(1.0 + NORM_WEIGHT_NOISE * noise)
            elif p.dim() == 1:
                p.copy_(BIAS_STD * noise)
            else:
                p.copy_(WEIGHT_STD * noise)


def last_logits(model, ids):
    """Logits at the last position of each sequence, [B][V], from a full forward pass."""
    mask = torch.ones_like(ids)
    return model(input_ids=ids, attention_mask=mask, use_cache=False).logits[:, -1, :].float()


def relative_error(actual, expected):
    """||actual - expected|| / ||expected|| over the whole array: the engine tests' metric (Compare.relativeError)."""
    return ((actual.double() - expected.double()).norm() / expected.double().norm()).item()


def low_precision_errors(model, run, expected):
    """Hugging Face's own error in float16 and in bfloat16 on this case: the model cast to the type (on the CPU),
    run(model) against the float32 result. The engine's float16/bfloat16 limit is max(2e-2, 1.25 x this)."""
    errors = {}
    for name, dtype in (("float16", torch.float16), ("bfloat16", torch.bfloat16)):
        low = copy.deepcopy(model).to(dtype)
        errors[name] = relative_error(run(low).float(), expected)
    return errors


def greedy(model, prompts, steps):
    """Manual greedy loop: recompute the whole sequence each step; argmax picks the lowest index on ties."""
    ids = prompts
    for _ in range(steps):
        nxt = torch.argmax(last_logits(model, ids), dim=-1, keepdim=True)
        ids = torch.cat([ids, nxt], dim=1)
    return ids[:, prompts.shape[1]:]


def check_rope_theta(out):
    config = json.loads((out / "config.json").read_text())
    theta = config.get("rope_theta", (config.get("rope_parameters") or {}).get("rope_theta"))
    if theta != 10000.0:
        sys.exit(f"{out}/config.json: expected rope_theta 10000, found {theta}")


def build_and_save(build, out, seed):
    """The model, float32 and eager, its parameters randomised, saved to OUT as config.json + model.safetensors."""
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    model = build().to(torch.float32)
    model.set_attn_implementation("sdpa" if out.name in SDPA_GOLDENS else "eager")
    randomise(model, seed)
    model.eval()
    model.save_pretrained(str(out))  # v5 always writes safetensors
    if not (out / "model.safetensors").is_file():
        sys.exit(f"{out}: save_pretrained wrote no model.safetensors")
    # A fixture is config.json and model.safetensors; generation defaults (bos/eos ids) play no part.
    (out / "generation_config.json").unlink(missing_ok=True)
    return model


def convert_checkpoint(out, conversion):
    """Rewrites OUT's config.json and model.safetensors as the family's own checkpoint (after the goldens)."""
    from safetensors.torch import load_file, save_file
    config = json.loads((out / "config.json").read_text())
    new_config, tensors = conversion(config, load_file(str(out / "model.safetensors")))
    (out / "config.json").write_text(json.dumps(new_config, indent=2) + "\n")
    save_file({k: v.contiguous() for k, v in tensors.items()}, str(out / "model.safetensors"), metadata={"format": "pt"})


def make(name, build, root, seed):
    out = root / name
    model = build_and_save(build, out, seed)
    if name.startswith("llama"):
        check_rope_theta(out)

    # The goldens come from the model as saved: reload it.
    reloaded = AutoModelForCausalLM.from_pretrained(str(out), dtype=torch.float32,
                                                    attn_implementation="sdpa" if name in SDPA_GOLDENS else "eager")
    reloaded.eval()

    generator = torch.Generator().manual_seed(seed + 1)
    # Ids from 3 up avoid OPT's and LLaMA's special ids (pad/bos/eos); each row differs.
    prompts = torch.randint(3, VOCAB, (BATCH, PROMPT_LEN), generator=generator)
    with torch.no_grad():
        before = last_logits(model, prompts)
        first = last_logits(reloaded, prompts)
        drift = (before - first).abs().max().item()
        if drift > 1e-5:
            sys.exit(f"{name}: logits changed by {drift} across save_pretrained/from_pretrained")
        tokens = greedy(reloaded, prompts, OUTPUT_LEN)
    if all(len(set(row)) == 1 for row in tokens.tolist()):
        print(f"warning: {name}: every sequence repeats one token; the fixture is weak", file=sys.stderr)

    golden = {
        "model": name,
        "architecture": type(reloaded).__name__,
        "torch_version": torch.__version__,
        "transformers_version": transformers.__version__,
        "seed": seed,
        "prompts": prompts.tolist(),
        "output_len": OUTPUT_LEN,
        "first_logits": first.tolist(),
        "greedy_tokens": tokens.tolist(),
        "hf_low_precision_error": low_precision_errors(reloaded, lambda m: last_logits(m, prompts), first),
    }
    if name in CONVERTED:
        convert_checkpoint(out, CONVERTED[name])
    (out / "golden.json").write_text(json.dumps(golden) + "\n")
    print(f"{name}: {out} tokens {tokens.tolist()}")


def bert():
    return BertModel(BertConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS, type_vocab_size=2, hidden_size=96, num_hidden_layers=2,
        num_attention_heads=6, intermediate_size=160, hidden_act="gelu", layer_norm_eps=1e-12,
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, pad_token_id=0), add_pooling_layer=True)


def roberta():
    # BERT with one token type and positions from padding_idx + 1 = 2: the table holds 2 extra rows.
    return RobertaModel(RobertaConfig(
        vocab_size=VOCAB, max_position_embeddings=POSITIONS + 2, type_vocab_size=1, hidden_size=96, num_hidden_layers=2,
        num_attention_heads=6, intermediate_size=160, hidden_act="gelu", layer_norm_eps=1e-5,
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, pad_token_id=1), add_pooling_layer=True)


# Encoders: their fixture is encoder.json (the last hidden states and the pooled output), not a decoder's golden.json.
ENCODERS = {
    "bert": bert,
    "roberta": roberta,
}


def make_encoder(name, build, root, seed):
    """An encoder's fixture: prompts (the last one padded by 2 with the pad id), their mask, the last hidden states
    and the pooled output (tanh of the pooler's dense layer over each sequence's first token)."""
    out = root / name
    model = build_and_save(build, out, seed)
    reloaded = transformers.AutoModel.from_pretrained(str(out), dtype=torch.float32, attn_implementation="eager")
    reloaded.eval()
    generator = torch.Generator().manual_seed(seed + 1)
    prompts = torch.randint(3, VOCAB, (BATCH, PROMPT_LEN), generator=generator)
    mask = torch.ones_like(prompts)
    mask[-1, -2:] = 0
    prompts[-1, -2:] = model.config.pad_token_id
    with torch.no_grad():
        outputs = reloaded(input_ids=prompts, attention_mask=mask)
        hidden = outputs.last_hidden_state.float()
        pooled = outputs.pooler_output.float()
        drift = (model(input_ids=prompts, attention_mask=mask).last_hidden_state - hidden).abs().max().item()
    if drift > 1e-5:
        sys.exit(f"{name}: hidden states changed by {drift} across save_pretrained/from_pretrained")
    fixture = {
        "model": name,
        "architecture": type(reloaded).__name__,
        "torch_version": torch.__version__,
        "transformers_version": transformers.__version__,
        "seed": seed,
        "prompts": prompts.tolist(),
        "mask": mask.tolist(),
        "hidden_states": hidden.reshape(BATCH, -1).tolist(),
        "pooled": pooled.tolist(),
        # on the tokens the mask keeps, as the engine test compares them
        "hf_low_precision_error": low_precision_errors(
            reloaded, lambda m: m(input_ids=prompts, attention_mask=mask).last_hidden_state[mask.bool()],
            hidden[mask.bool()]),
        "hf_low_precision_error_pooled": low_precision_errors(
            reloaded, lambda m: m(input_ids=prompts, attention_mask=mask).pooler_output, pooled),
    }
    (out / "encoder.json").write_text(json.dumps(fixture) + "\n")
    print(f"{name}: {out} hidden states {tuple(hidden.shape)}")


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        at = args.index("--only")
        only = set(args[at + 1].split(","))
        del args[at:at + 2]
        unknown = only - set(MODELS) - set(ENCODERS)
        if unknown:
            sys.exit(f"--only: no model {', '.join(sorted(unknown))}; the models are {', '.join(list(MODELS) + list(ENCODERS))}")
    root = Path(args[0] if args else "engine/src/test/resources/goldens")
    torch.set_grad_enabled(False)
    for i, (name, build) in enumerate(MODELS.items()):
        if only is None or name in only:
            make(name, build, root, SEED + 100 * i)
    for i, (name, build) in enumerate(ENCODERS.items()):
        if only is None or name in only:
            make_encoder(name, build, root, SEED + 10000 + 100 * i)


if __name__ == "__main__":
    main()
