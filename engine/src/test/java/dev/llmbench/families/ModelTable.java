package dev.llmbench.families;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.Activation;
import dev.llmbench.model.Architecture;
import dev.llmbench.model.Biases;
import dev.llmbench.model.BlockLayout;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.NormKind;
import dev.llmbench.model.Positions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;

/**
 * Renders {@code docs/models.md}, the model table of the documentation, from {@link ModelRegistry}: one
 * row per registry name, in the registry's order, with the architecture as {@link ModelConfig} holds it and
 * whether the engine runs the row today. {@link ModelTableTest} holds the committed file to this rendering,
 * so the page cannot drift from the code; the prose around the table lives here for the same reason.
 */
public final class ModelTable {

    /** The committed page, relative to the repository root. */
    static final String FILE = "docs/models.md";

    /** The system property that makes {@link ModelTableTest} write the page instead of checking it. */
    static final String WRITE_PROPERTY = "llmbench.writeModelTable";

    /** How to rewrite the page after a registry change, from the repository root. */
    static final String REGENERATE = "mvn -B test -Dtest=ModelTableTest -Dsurefire.failIfNoSpecifiedTests=false -D"
            + WRITE_PROPERTY + "=true";

    private static final List<String> HEADER = List.of("name", "family", "L", "H", "KV", "hidden", "MLP", "vocab",
            "activation", "norm", "positions", "block", "n_pos", "maxBS", "maxIn", "maxSeq", "quantization", "runs today");

    private ModelTable() {
    }

    /** The whole page: prose head, the table, prose notes. */
    public static String render() {
        StringBuilder page = new StringBuilder(HEAD.replace("{REGENERATE}", REGENERATE));
        page.append(row(HEADER));
        page.append(row(HEADER.stream().map(h -> "---").toList()));
        for (String name : ModelRegistry.names()) {
            page.append(row(cells(name)));
        }
        page.append(NOTES);
        return page.toString();
    }

    /** The cells of one registry row, in the order of the header. */
    static List<String> cells(String name) {
        ModelConfig c = ModelRegistry.get(name);
        return List.of("`" + name + "`", c.family().id(), String.valueOf(c.numLayers()), String.valueOf(c.numHeads()),
                String.valueOf(c.numKvHeads()), String.valueOf(c.hiddenSize()), String.valueOf(c.mlpSize()),
                String.valueOf(c.vocabSize()), activation(c.arch().activation()), norm(c), positions(c), block(c),
                String.valueOf(c.arch().positions().maxPositions()), String.valueOf(c.maxBatch()), String.valueOf(c.maxInput()),
                String.valueOf(c.maxSeq()), ModelRegistry.quantization(name).orElse("none"), runsToday(name));
    }

    /** "yes" when the benchmark accepts the row, else "no: " and the registry's reason. */
    static String runsToday(String name) {
        try {
            ModelRegistry.requireSupported(name);
            return "yes";
        } catch (LlmbenchException refused) {
            return "no: " + refused.getMessage().replace(" (model " + name + ")", "");
        }
    }

    static String activation(Activation a) {
        return switch (a) {
            case GELU_TANH -> "gelu (tanh)";
            case GELU_ERF -> "gelu (erf)";
            case RELU -> "relu";
            case SILU -> "silu";
            case SWIGLU -> "swiglu";
            case TANH -> "tanh";
            case NONE -> "none";
        };
    }

    static String norm(ModelConfig c) {
        String kind = c.arch().norm() == NormKind.RMS_NORM ? "RMSNorm" : "LayerNorm";
        return kind + " " + Float.toString(c.arch().normEps()).replace(".0E", "e").replace("E", "e");
    }

    /** Kind, then the rotary dims of a head and theta, or the learned table's offset. */
    static String positions(ModelConfig c) {
        Positions p = c.arch().positions();
        return switch (p.kind()) {
            case LEARNED -> p.offset() == 0 ? "learned" : "learned, offset " + p.offset();
            case ROPE_NEOX -> rotary("neox", c);
            case ROPE_GPTJ -> rotary("gptj", c);
            case ROPE_2D -> rotary("2d (position, block)", c);
            case LEARNED_2D -> "learned 2d (position, block)";
            case ALIBI -> "alibi";
            case ALIBI_SCALED -> "alibi (scaled)";
            case NONE -> "none";
        };
    }

    private static String rotary(String style, ModelConfig c) {
        float base = c.arch().positions().rotaryBase();
        String theta = base == Math.rint(base) ? String.valueOf((long) base) : String.valueOf(base);
        return "rotary " + style + " " + c.arch().positions().rotaryDim() + "/" + c.headDim() + ", base " + theta;
    }

    /**
     * Norm placement (a final norm only where it is not the usual: after pre-norm or parallel blocks), biases,
     * LM head, a norm after the embedding, experts.
     */
    static String block(ModelConfig c) {
        Architecture a = c.arch();
        StringJoiner parts = new StringJoiner(", ");
        parts.add(switch (a.layout()) {
            case PRE_NORM -> "pre-norm";
            case POST_NORM -> "post-norm";
            case PARALLEL -> "parallel attn+MLP, one norm";
            case PARALLEL_TWO_NORMS -> "parallel attn+MLP, two norms";
            case GLM -> "GLM residual (alpha × normed input)";
        });
        if ((a.layout() != BlockLayout.POST_NORM) != a.finalNorm()) parts.add(a.finalNorm() ? "final norm" : "no final norm");
        parts.add(biases(a.biases()));
        parts.add(a.tiedEmbeddings() ? "tied head" : "own head");
        if (a.embeddingNorm()) parts.add("norm after embedding");
        if (a.experts().present()) parts.add(a.experts().count() + " experts, top-" + a.experts().topK());
        return parts.toString();
    }

    /** "bias", "no bias", or the projections that have one ("bias: qkv, LM head"). */
    private static String biases(Biases b) {
        if (b.equals(Biases.BLOCKS)) return "bias";
        if (b.equals(Biases.NONE)) return "no bias";
        StringJoiner which = new StringJoiner(", ", "bias: ", "");
        if (b.qkv()) which.add("qkv");
        if (b.attentionOut()) which.add("attention out");
        if (b.mlp()) which.add("MLP");
        if (b.lmHead()) which.add("LM head");
        return which.toString();
    }

    private static String row(List<String> cells) {
        StringJoiner line = new StringJoiner(" | ", "| ", " |\n");
        for (String cell : cells) line.add(cell.replace("|", "\\|"));
        return line.toString();
    }

    /** Writes the page under {@code repositoryRoot}. */
    static void write(Path repositoryRoot) throws java.io.IOException {
        Path file = repositoryRoot.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, render());
    }

    private static final String HEAD = """
            # Models

            > Generated from `dev.llmbench.families.ModelRegistry` by
            > `engine/src/test/java/dev/llmbench/model/ModelTable.java`; do not edit by hand. `ModelTableTest`
            > fails when this page and the registry disagree. After a registry change, rewrite the page from the
            > repository root with
            >
            > ```
            > {REGENERATE}
            > ```
            >
            > (with `-pl engine` added once the kernels module is installed, only the engine module is built).

            The named models of the benchmark: what `-p model=NAME` and `-m NAME` accept. Names and numbers are
            those of TensorRT-LLM v0.11's `benchmarks/python/allowed_configs.py`, so that a `[BENCHMARK]` line of
            ours can be set beside one of theirs. What that file leaves to the model family (norm epsilon,
            rotary base, biases, a tied LM head) follows each family's public Hugging Face checkpoints.

            The notes under the table say what the registry cannot express.

            Columns: L layers, H attention (query) heads, KV key/value heads (H: multi-head, fewer: grouped-query,
            1: multi-query), hidden size, MLP inner size (for swiglu the size of the gate and of the up
            projection, each), vocabulary, MLP activation, norm and its epsilon, positions (learned table and the
            offset added to a position before the lookup; rotary style, dims of each head it turns / head dim,
            and theta; ALiBi), block structure, n_pos maximum positions, then the benchmark limits maxBS / maxIn /
            maxSeq (max batch, max input length, max input + output length), the quantization the name implies,
            and whether the benchmark runs the row today (if not, the reason it gives).

            A configuration beyond maxBS / maxIn / maxSeq (or, with learned positions, beyond n_pos) is skipped
            with a `[WARNING]` line; the `maxBatchSize`, `maxInputLen` and `maxSeqLen` parameters override the
            limits. Encoders have no output phase, so their maxSeq is their maxIn.

            """;

    private static final String NOTES = """

            ## Notes the table cannot express

            - **Which rows run.** The engine implements every decoder family but GLM (`glm_10b`), mixtures of
              experts included, dense and unquantized, and the encoders (BERT, RoBERTa: `EncoderBenchmark`, `-m
              bert_base --input_len ...`). The other rows (GLM's, the quantized rows) are refused with
              the reason in the last column rather than run as something else. "yes" says the engine implements a row, not that it fits:
              the engine plans its device memory before allocating and refuses a model that does not fit, with
              what it needs and what is free (float16 weights take 2 bytes per parameter).
            - **Mixture of experts.** `gpt_350m_moe` has 8 experts with top-1 routing, `mixtral_8x7b` 8 experts with
              top-2 routing; the MLP column gives one expert's size.
            - **Quantized rows.** `gpt_350m_sq_per_tensor`, `gpt_350m_sq_per_token_channel` and
              `llama_70b_sq_per_tensor` are SmoothQuant int8 (per-tensor, or per-token activation and per-channel
              weight scales) over the architecture of `gpt_350m` and `llama_70b`.
            - **As-rows.** `llama_70b_long_context` and `llama_70b_long_generation` are `llama_70b` with other
              limits: long prompts (16 × 8000) and long outputs (200 in, up to 16584 in all).
            - **Size.** `gpt_175b` needs about 350 GB for its float16 weights, more than one GPU holds: it needs
              tensor parallelism over several GPUs (`--world_size 8`).
            - **Qwen (v1).** `allowed_configs.py` gives `qwen_7b_chat` and `qwen_14b_chat` an intermediate size of
              22016 and 27392, counted over gate and up together; the MLP column holds each (half).
            - **ChatGLM.** `chatglm_6b` is ChatGLM-6B v1's architecture: 2D rotary (64 dims of each head turn with the
              position, the next 64 with the block position, the prompt's context attended both ways) and GLM's
              residual from the normed input. The CPU reference implements them from THUDM's published modelling
              code (transformers has no class for v1); the GPU engine runs them, checked against that reference.
            - **GLM.** `glm_10b` is GLM-10B as TensorRT-LLM 0.11's benchmark builds it: pre-norm blocks, learned position
              and block-position tables of 1025 rows, the prompt's context attended both ways, the generated tokens at
              the prompt's length. The CPU reference implements it; the GPU engine does not yet.
            - **Baichuan.** The published checkpoints use rotary at 7B and ALiBi at 13B; the rows follow them.
            - **Falcon-RW.** `falcon_rw_1b` adds its ALiBi bias before the 1/sqrt(D) scaling ("alibi (scaled)"),
              BLOOM and Baichuan after it.
            - **Falcon.** `falcon_40b` and `falcon_180b` use Falcon's new decoder architecture: two LayerNorms,
              one for attention and one for the MLP, run in parallel; `parallel attn+MLP` here means one norm
              feeding both, as in `falcon_7b`.
            - **BLOOM.** A LayerNorm follows the word embedding.
            - **BERT, RoBERTa.** Token-type vocabularies of 2 (BERT) and 1 (RoBERTa); RoBERTa numbers positions
              from padding_idx + 1 = 2 (the offset). TensorRT-LLM's encoder runs take an input length (default 128)
              and a batch size (default 8) and print `output_length n/a` and `tokens_per_sec n/a`.
            - **Not listed.** TensorRT-LLM v0.11 also names `mamba_*` state-space models and `recurrentgemma_2b`;
              they are not transformers of the kinds above and are not in the registry.
            """;
}
