package dev.llmbench.families;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;
import dev.llmbench.model.Implemented;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.PositionEmbedding;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;


/**
 * The descriptor of every family, and the one answer to "can the engine run this model?". The conventions
 * of the families the engine does not implement yet follow their public checkpoints; they only need to be
 * plausible until a family is implemented and checked against Hugging Face.
 */
public final class Families {
    private static final Map<Family, FamilyDescriptor> DESCRIPTORS = new EnumMap<>(Family.class);

    static {
        add(new GptFamily());
        add(new OptFamily());
        add(new LlamaFamily());
        add(new GptjFamily());
        add(new GptNeoxFamily());
        add(new ChatGlmFamily());
        add(new ChatGlm2Family());
        // GLM-10B: pre-norm blocks, learned position and block-position tables, the tanh GELU (TensorRT-LLM's glm build)
        add(new PresetFamily(Family.GLM, name -> new ConfigBuilder(name, Family.GLM).positions(PositionEmbedding.LEARNED_2D, 0)));
        add(new BloomFamily());
        add(new FalconFamily());
        add(new BaichuanFamily());
        add(new InternlmFamily());
        add(new QwenFamily());
        add(new Qwen2Family());
        add(new BertFamily());
        add(new RobertaFamily());
    }

    private Families() {
    }

    /** The conventions of {@code family} for a model named {@code name}. */
    static ConfigBuilder preset(Family family, String name) {
        return DESCRIPTORS.get(family).preset(name);
    }

    /** Whether the engine implements {@code family} at all (a row of it may still be refused for its own reasons). */
    static boolean implemented(Family family) {
        return DESCRIPTORS.get(family).implemented();
    }

    /** The mapping of the Hugging Face class {@code hfArchitecture}, among the families that read checkpoints. */
    static Optional<HfMapping> checkpoint(String hfArchitecture) {
        return DESCRIPTORS.values().stream().flatMap(d -> d.checkpoints().stream())
                .filter(m -> m.hfArchitecture().equals(hfArchitecture)).findFirst();
    }

    /**
     * Throws the one message for a model the engine cannot run: a family it does not implement, a mixture of
     * experts (which would otherwise run as its dense skeleton), or an architecture value no kernel path
     * implements.
     */
    public static void requireImplemented(ModelConfig c) {
        if (!implemented(c.family())) {
            throw new LlmbenchException("family " + c.family().id() + " is not supported yet (model " + c.name() + ")");
        }
        Implemented.ENGINE.missing(c).ifPresent(missing -> {
            throw new LlmbenchException(missing + " is not supported yet (model " + c.name() + ")");
        });
    }


    private static void add(FamilyDescriptor descriptor) {
        DESCRIPTORS.put(descriptor.family(), descriptor);
    }
}
