package dev.llmbench.weights;

import dev.llmbench.LlmbenchException;
import dev.llmbench.model.ModelConfig;
import dev.llmbench.model.Shard;

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
    private final Shard shard;

    public HostWeights(ModelConfig config, Collection<HostTensor> tensors) {
        this(config, Shard.WHOLE, tensors);
    }

    /** The tensors tensor-parallel rank {@code shard} holds, checked against that rank's layout. */
    private HostWeights(ModelConfig config, Shard shard, Collection<HostTensor> tensors) {
        this.config = config;
        this.shard = shard;
        Map<String, HostTensor> byName = new LinkedHashMap<>();
        for (HostTensor t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new LlmbenchException("weights of " + config.name() + " hold '" + t.name() + "' twice");
            }
        }
        for (WeightShape expected : WeightLayout.tensors(config, shard)) {
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

    /** The rank whose part of the model these are ({@link Shard#WHOLE} for the whole model). */
    public Shard shard() {
        return shard;
    }

    /** Rank {@code s}'s part of these whole weights: each tensor cut by its {@link Split}, under the same names. */
    public HostWeights slice(Shard s) {
        if (!shard.equals(Shard.WHOLE)) throw new IllegalStateException("these are already rank " + shard.rank() + "'s weights");
        s.requireSplittable(config);
        List<HostTensor> parts = new java.util.ArrayList<>();
        for (WeightShape w : WeightLayout.tensors(config, s)) parts.add(w.split().slice(get(w.name()), config, s));
        return new HostWeights(config, s, parts);
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
