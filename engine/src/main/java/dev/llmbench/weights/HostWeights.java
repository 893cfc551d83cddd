package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of one model in host memory, in the canonical layout. Construction checks them against
 * {@link WeightLayout#tensors(ModelConfig)}: every tensor present with its shape and nothing else, so that
 * a consumer can index the arrays without checking again.
 */
public final class HostWeights {
    private final ModelConfig config;
    private final Map<String, HostTensor> tensors = new LinkedHashMap<>();

    public HostWeights(ModelConfig config, Collection<HostTensor> tensors) {
        this.config = config;
        Map<String, HostTensor> byName = new LinkedHashMap<>();
        for (HostTensor t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new LlmbenchException("weights of " + config.name() + " hold '" + t.name() + "' twice");
            }
        }
        for (WeightShape expected : WeightLayout.tensors(config)) {
            HostTensor t = byName.remove(expected.name());
            if (t == null) {
                throw new LlmbenchException("weights of " + config.name() + " lack '" + expected.name() + "'");
            }
            if (!Arrays.equals(t.shape(), expected.shape())) {
                throw new LlmbenchException("weight '" + t.name() + "' of " + config.name() + " has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expected.shape()));
            }
            this.tensors.put(t.name(), t);
        }
        if (!byName.isEmpty()) {
            throw new LlmbenchException("weights of " + config.name() + " hold tensors outside the layout: "
                    + String.join(", ", byName.keySet()));
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** The tensor called {@code name}. */
    public HostTensor get(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new LlmbenchException("weights of " + config.name() + " have no tensor '" + name + "'");
        }
        return t;
    }

    /** The data of tensor {@code name}. */
    public float[] data(String name) {
        return get(name).data();
    }

    /** Names in layout order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }
}
