#!/usr/bin/env python3
"""Tests of the peers that need no GPU: python3 tools/peers/test_peers.py

Without torch: the statistics, the model table against ModelRegistry.java, the fixture against its
writer, and that each script's --help and argument errors work without torch (a stand-in that cannot be
imported hides any installed one). With torch and transformers (CPU builds are enough), also: the
hand-written decoder of torch_fast against Hugging Face's GPT-2, OPT (pre- and post-norm) and LLaMA (grouped
KV heads) on tiny shapes, weights copied across, and its cached decoding against recomputation. Nothing
here times anything or touches CUDA.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import peerlib  # noqa: E402

FIXTURE = os.path.join(ROOT, "benchmarks", "src", "test", "resources", "jmh", "peer-fixture.json")
REGISTRY = os.path.join(ROOT, "engine", "src", "main", "java", "dev", "llmbench", "families", "ModelRegistry.java")

try:
    import torch  # noqa: F401
    import transformers  # noqa: F401
    HAVE_TORCH = True
except ImportError:
    HAVE_TORCH = False


class WithoutTorch(unittest.TestCase):

    def test_self_test(self):
        peerlib.self_test()

    def test_models_match_the_registry(self):
        self.assertEqual([], peerlib.check_registry(REGISTRY))

    def test_fixture_is_what_the_writer_writes(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "peer-fixture.json")
            peerlib.write_json(path, peerlib.FIXTURE_RESULTS)
            with open(path, encoding="utf-8") as made, open(FIXTURE, encoding="utf-8") as committed:
                self.assertEqual(made.read(), committed.read(),
                                 "regenerate it: python3 tools/peers/peerlib.py --write-fixture " + FIXTURE)

    def test_records_have_our_shape(self):
        data = json.loads(peerlib.dumps(peerlib.FIXTURE_RESULTS))
        for record in data:
            self.assertTrue(record["benchmark"].startswith("peer.") and record["benchmark"].endswith(".generate"))
            self.assertEqual("sample", record["mode"])
            self.assertEqual({"model", "precision", "batchSize", "inputOutputLen"}, set(record["params"]))
            self.assertEqual("ms/op", record["primaryMetric"]["scoreUnit"])
            self.assertIn("fixture", record["peer"])

    def _run_hidden_torch(self, script, *args):
        """Runs a script with a torch and transformers that fail to import, whatever is installed."""
        with tempfile.TemporaryDirectory() as d:
            for name in ("torch", "transformers"):
                with open(os.path.join(d, name + ".py"), "w") as f:
                    f.write("raise ImportError('hidden by test_peers.py')\n")
            env = dict(os.environ, PYTHONPATH=d)
            return subprocess.run([sys.executable, os.path.join(HERE, script), *args], env=env,
                                  capture_output=True, text=True, timeout=60)

    def test_help_and_argument_errors_need_no_torch(self):
        for script in ("hf_generate.py", "torch_fast.py", "ceilings.py"):
            r = self._run_hidden_torch(script, "--help")
            self.assertEqual(0, r.returncode, r.stderr)
            self.assertIn("usage:", r.stdout)
        for script in ("hf_generate.py", "torch_fast.py"):
            r = self._run_hidden_torch(script, "--models", "gpt_9b")
            self.assertEqual(2, r.returncode)
            self.assertIn("unknown model 'gpt_9b'", r.stderr)
            r = self._run_hidden_torch(script, "--models", "gpt_350m")
            self.assertEqual(2, r.returncode)
            self.assertIn("needs PyTorch", r.stderr)
            self.assertNotIn("Traceback", r.stderr)

    def test_allreduce_peer_without_torch(self):
        r = self._run_hidden_torch("torch_allreduce.py", "--help")
        self.assertEqual(0, r.returncode, r.stderr)
        r = self._run_hidden_torch("torch_allreduce.py", "--bytes", "8;3")
        self.assertEqual(2, r.returncode)
        self.assertIn("--bytes 3: a message of float16 is a whole number of 2-byte elements", r.stderr)
        r = self._run_hidden_torch("torch_allreduce.py")
        self.assertEqual(2, r.returncode)
        self.assertIn("needs PyTorch", r.stderr)
        self.assertNotIn("Traceback", r.stderr)

    def test_allreduce_records_have_our_metrics(self):
        import torch_allreduce
        self.assertAlmostEqual(1.0, torch_allreduce.algorithm_gbps(10**9, 1000.0))
        self.assertEqual(0.0, torch_allreduce.bus_gbps(100.0, 1))
        self.assertAlmostEqual(175.0, torch_allreduce.bus_gbps(100.0, 8))
        rec = torch_allreduce.record(10**9, "float16", 4, [3100.0, 2900.0], [3.0, 3.0], {"device": "X"})
        self.assertEqual("peer.torch_nccl.allReduce", rec["benchmark"])
        self.assertEqual({"bytes": "1000000000", "precision": "float16", "worldSize": "4"}, rec["params"])
        self.assertEqual("us/op", rec["primaryMetric"]["scoreUnit"])
        self.assertAlmostEqual(3000.0, rec["primaryMetric"]["score"])
        self.assertAlmostEqual(3000.0, rec["secondaryMetrics"]["allreduce_gpu_us"]["score"])
        self.assertAlmostEqual(1e9 / 3e-3 / 1e9, rec["secondaryMetrics"]["algbw_gbps"]["score"])
        self.assertAlmostEqual(1e9 / 3e-3 / 1e9 * 1.5, rec["secondaryMetrics"]["busbw_gbps"]["score"])
        json.loads(peerlib.dumps_records([rec]))


TINY = [
    peerlib.ModelSpec("tiny_gpt", "gpt", 2, 4, 4, 32, 101, 64, 128),
    peerlib.ModelSpec("tiny_opt", "opt", 2, 4, 4, 32, 103, 64, 96),
    peerlib.ModelSpec("tiny_opt_post", "opt", 2, 4, 4, 32, 103, 64, 96, post_norm=True),
    peerlib.ModelSpec("tiny_llama", "llama", 2, 4, 2, 32, 107, 64, 80),
]


@unittest.skipUnless(HAVE_TORCH, "needs torch and transformers (CPU builds are enough)")
class HuggingFaceOnlyFamilies(unittest.TestCase):
    """Every family only Hugging Face peers builds its model from its row and generates, shrunk to run on a CPU."""

    def test_each_builds_and_generates(self):
        import dataclasses
        import torch
        import hf_generate
        families = set()
        for spec in peerlib.MODELS.values():
            if spec.family not in peerlib.HF_ONLY_FAMILIES or spec.family in families:
                continue
            families.add(spec.family)
            # the row's kind of attention (multi-head, multi-query or grouped) at a CPU's size; heads of 64 (GPT-J
            # rotates 64 dims of each)
            if spec.kv_heads == spec.heads:
                heads, kv = 4, 4
            elif spec.kv_heads == 1:
                heads, kv = 2, 1
            else:
                heads, kv = 4, 2
            tiny = dataclasses.replace(spec, layers=1, heads=heads, kv_heads=kv, hidden=heads * 64, vocab=256, ffn=128,
                                       max_positions=64)
            with self.subTest(family=spec.family, model=spec.name):
                model = hf_generate.build_model(tiny, "float32", device="cpu")
                ids = torch.randint(0, 256, (2, 5))
                out = model.generate(ids, attention_mask=torch.ones_like(ids), **hf_generate.generate_kwargs("eager", 3))
                self.assertEqual((2, 8), tuple(out.shape))
        self.assertEqual(set(peerlib.HF_ONLY_FAMILIES), families)


@unittest.skipUnless(HAVE_TORCH, "needs torch and transformers (CPU builds are enough)")
class DecoderAgainstHuggingFace(unittest.TestCase):

    @staticmethod
    def _hf_model(spec):
        import torch
        import hf_generate
        torch.manual_seed(0)
        cls, config = hf_generate.hf_config_and_class(spec)
        model = cls(config).eval()
        with torch.no_grad():  # nothing left at its init value (zero biases, unit norms)
            for p in model.parameters():
                p.add_(torch.randn_like(p) * 0.05)
        return model

    @staticmethod
    def _copy_weights(spec, hf, ours):
        import torch

        def put(dst, src):
            assert dst.shape == src.shape, (dst.shape, src.shape)
            dst.copy_(src)

        with torch.no_grad():
            if spec.family == "gpt":
                t = hf.transformer
                put(ours.wte, t.wte.weight)
                put(ours.wpe, t.wpe.weight)
                for layer, h in zip(ours.layers, t.h):
                    put(layer.n1_w, h.ln_1.weight); put(layer.n1_b, h.ln_1.bias)
                    put(layer.wqkv, h.attn.c_attn.weight.t()); put(layer.bqkv, h.attn.c_attn.bias)
                    put(layer.wo, h.attn.c_proj.weight.t()); put(layer.bo, h.attn.c_proj.bias)
                    put(layer.n2_w, h.ln_2.weight); put(layer.n2_b, h.ln_2.bias)
                    put(layer.w_fc, h.mlp.c_fc.weight.t()); put(layer.b_fc, h.mlp.c_fc.bias)
                    put(layer.w_proj, h.mlp.c_proj.weight.t()); put(layer.b_proj, h.mlp.c_proj.bias)
                put(ours.nf_w, t.ln_f.weight); put(ours.nf_b, t.ln_f.bias)
            elif spec.family == "opt":
                d = hf.model.decoder
                put(ours.wte, d.embed_tokens.weight)
                put(ours.wpe, d.embed_positions.weight)
                for layer, h in zip(ours.layers, d.layers):
                    a = h.self_attn
                    put(layer.wqkv, torch.cat([a.q_proj.weight, a.k_proj.weight, a.v_proj.weight]))
                    put(layer.bqkv, torch.cat([a.q_proj.bias, a.k_proj.bias, a.v_proj.bias]))
                    put(layer.wo, a.out_proj.weight); put(layer.bo, a.out_proj.bias)
                    put(layer.n1_w, h.self_attn_layer_norm.weight); put(layer.n1_b, h.self_attn_layer_norm.bias)
                    put(layer.n2_w, h.final_layer_norm.weight); put(layer.n2_b, h.final_layer_norm.bias)
                    put(layer.w_fc, h.fc1.weight); put(layer.b_fc, h.fc1.bias)
                    put(layer.w_proj, h.fc2.weight); put(layer.b_proj, h.fc2.bias)
                if spec.final_norm:
                    put(ours.nf_w, d.final_layer_norm.weight); put(ours.nf_b, d.final_layer_norm.bias)
                else:
                    assert d.final_layer_norm is None
            else:
                m = hf.model
                put(ours.wte, m.embed_tokens.weight)
                for layer, h in zip(ours.layers, m.layers):
                    a = h.self_attn
                    put(layer.wqkv, torch.cat([a.q_proj.weight, a.k_proj.weight, a.v_proj.weight]))
                    put(layer.wo, a.o_proj.weight)
                    put(layer.w_gate_up, torch.cat([h.mlp.gate_proj.weight, h.mlp.up_proj.weight]))
                    put(layer.w_down, h.mlp.down_proj.weight)
                    put(layer.n1_w, h.input_layernorm.weight)
                    put(layer.n2_w, h.post_attention_layernorm.weight)
                put(ours.nf_w, m.norm.weight)
                put(ours.lm_head, hf.lm_head.weight)
            if spec.tied_head:
                assert hf.get_output_embeddings().weight.data_ptr() == hf.get_input_embeddings().weight.data_ptr()

    def _pair(self, spec):
        import torch
        import fastmodel
        hf = self._hf_model(spec)
        ours = fastmodel.Decoder(spec, torch.float32, "cpu").eval()
        self._copy_weights(spec, hf, ours)
        return hf, ours

    def test_prefill_logits_and_greedy_tokens_match(self):
        import torch
        import fastmodel
        import hf_generate
        for spec in TINY:
            with self.subTest(spec.name), torch.no_grad():
                hf, ours = self._pair(spec)
                batch, inp, out = 3, 9, 6
                prompt = torch.randint(0, spec.vocab, (batch, inp), generator=torch.Generator().manual_seed(1))
                ours.set_cache(batch, inp + out)
                want = hf(prompt).logits[:, -1]
                got = ours.logits(prompt, torch.arange(inp), True)
                torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-4)

                hf_tokens = hf.generate(prompt, attention_mask=torch.ones_like(prompt),
                                        **hf_generate.generate_kwargs("eager", out))
                self.assertEqual((batch, inp + out), tuple(hf_tokens.shape))
                ours_tokens = fastmodel.eager_generate(ours, prompt, out)
                self.assertTrue(torch.equal(hf_tokens[:, inp:], ours_tokens), (hf_tokens[:, inp:], ours_tokens))

    def test_cached_decoding_equals_recomputation(self):
        import torch
        import fastmodel
        for spec in TINY:
            with self.subTest(spec.name), torch.no_grad():
                ours = fastmodel.Decoder(spec, torch.float32, "cpu", seed=3)
                batch, inp, out = 2, 7, 9
                ours.set_cache(batch, inp + out)
                prompt = torch.randint(0, spec.vocab, (batch, inp), generator=torch.Generator().manual_seed(2))
                self.assertEqual(1.0, fastmodel.agreement(fastmodel.eager_generate(ours, prompt, out),
                                                          fastmodel.recompute_generate(ours, prompt, out)))

    def test_decode_logits_equal_recomputation_whatever_the_free_slots_hold(self):
        """Each step's logits against a prefill over the sequence so far, with garbage in the cache's free
        slots: a wrong mask, position or cache slot changes the logits even where the argmax survives."""
        import torch
        import fastmodel
        for spec in TINY:
            with self.subTest(spec.name), torch.no_grad():
                ours = fastmodel.Decoder(spec, torch.float32, "cpu", seed=4)
                batch, inp, out = 2, 5, 7
                ours.set_cache(batch, inp + out)
                for layer in ours.layers:
                    layer.k_cache.normal_(0, 30.0)
                    layer.v_cache.normal_(0, 30.0)
                seq = torch.randint(0, spec.vocab, (batch, inp), generator=torch.Generator().manual_seed(5))
                nxt = ours.prefill(seq, torch.arange(inp))
                for i in range(out - 1):
                    seq = torch.cat((seq, nxt[:, None]), dim=1)
                    got = ours.logits(nxt[:, None], torch.tensor([inp + i]), False)
                    scratch = fastmodel.Decoder(spec, torch.float32, "cpu", seed=4)
                    scratch.set_cache(batch, inp + out)
                    want = scratch.logits(seq, torch.arange(seq.shape[1]), True)
                    torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-4)
                    nxt = got.argmax(dim=-1)

    def _runner_tokens(self, spec, compiled, math_attention=False):
        """What GraphedGenerate's prefill and step bodies produce, run here without capture (the graphs
        replay exactly these ops), against the eager reference."""
        import torch
        import fastmodel
        ours = fastmodel.Decoder(spec, torch.float32, "cpu", seed=6)
        batch, inp, out = 3, 6, 5
        prompt = torch.randint(0, spec.vocab, (batch, inp), generator=torch.Generator().manual_seed(7))
        runner = fastmodel.GraphedGenerate(ours, batch, inp, out, compiled=compiled,
                                           decode_math_attention=math_attention)
        for _ in range(2):  # twice: the second prefill must reset the position and the output column
            runner.ids.copy_(prompt)
            runner._prefill_body()
            for _ in range(out - 1):
                runner._step_body()
        got = runner.tokens.clone()
        runner.release()
        return got, fastmodel.eager_generate(ours, prompt, out)

    def test_runner_bookkeeping_gives_the_eager_tokens(self):
        import torch
        for spec in TINY:
            for math_attention in (False, True):
                with self.subTest(spec.name, math=math_attention), torch.no_grad():
                    got, want = self._runner_tokens(spec, compiled=False, math_attention=math_attention)
                    self.assertTrue(torch.equal(got, want), (got, want))

    @unittest.skipUnless(os.environ.get("PEERS_TEST_COMPILE") == "1", "set PEERS_TEST_COMPILE=1 (a C++ compiler, minutes)")
    def test_prefill_and_step_compile_whole(self):
        """torch.compile(fullgraph=True) of prefill and decode on the CPU: a graph break fails here as on the
        GPU. Inductor's CPU code rounds differently, so the tokens are compared as the peer compares them."""
        import torch
        import fastmodel
        for spec in TINY:
            with self.subTest(spec.name), torch.no_grad():
                torch.compiler.reset()
                got, want = self._runner_tokens(spec, compiled=True)
                self.assertGreaterEqual(fastmodel.agreement(got, want), 0.8, (got, want))

    def test_hf_generate_combination_on_the_cpu(self):
        """hf_generate's path from model to JSON record, on the CPU with a wall-clock stand-in for the
        CUDA-event timer: exactly output_len new tokens, the record our reader expects."""
        import argparse
        import time
        import torch
        import hf_generate

        def wall_clock(call, runs, warm):
            for _ in range(warm):
                call()
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                call()
                times.append((time.perf_counter() - t0) * 1e3)
            return times, None, None

        spec = TINY[3]
        a = argparse.Namespace(seed=0, runs=3, warm=1)
        with torch.inference_mode():
            model = hf_generate.build_model(spec, "float32", device="cpu")
            r = hf_generate.run_combination(model, spec, "eager", "float32", 2, 8, 5, a, {"computeCapability": 90},
                                            "test", device="cpu", timer=wall_clock)
        self.assertEqual("hf_eager", r.peer)
        self.assertEqual(3, len(r.latencies_ms))
        self.assertIsNone(r.ttft_ms)
        record = json.loads(peerlib.dumps([r]))[0]
        self.assertEqual("peer.hf_eager.generate", record["benchmark"])
        self.assertEqual({"model": "tiny_llama", "precision": "float32", "batchSize": "2", "inputOutputLen": "8:5"},
                         record["params"])
        self.assertEqual(["compute_cap"], list(record["secondaryMetrics"]))
        line = peerlib.benchmark_line(r)
        self.assertTrue(line.endswith(" mode n/a peer hf_eager"), line)
        self.assertIn(" ttft(ms) n/a ", line)

    def test_agreement_counts_up_to_the_first_difference(self):
        import torch
        import fastmodel
        a = torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8]])
        b = torch.tensor([[1, 2, 9, 4], [5, 6, 7, 8]])
        self.assertEqual(6 / 8, fastmodel.agreement(a, b))

    def test_registry_shapes_build(self):
        """The real shapes' parameter counts, on the meta device (no memory): a gross slip shows here."""
        import torch
        import fastmodel
        for name, billions in (("gpt_350m", 0.35), ("llama_7b", 6.7), ("opt_6.7b", 6.7), ("llama_70b", 69)):
            with self.subTest(name):
                model = fastmodel.Decoder(peerlib.MODELS[name], torch.float16, "meta")
                n = sum(p.numel() for p in model.parameters()) / 1e9
                self.assertAlmostEqual(billions, n, delta=0.06 * billions)


if __name__ == "__main__":
    unittest.main(verbosity=2)
