package dev.llmbench.families;

import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;

import java.util.List;

/**
 * Everything that makes a model family what it is, in one place: its conventions (the preset every
 * registry row of the family starts from), how its Hugging Face checkpoints map onto the engine, and
 * whether the engine implements it. The GPU engine and the CPU reference read what the descriptor puts
 * into a {@link dev.llmbench.model.ModelConfig}'s architecture, never the family's name. Adding a
 * llama-like family is a descriptor (a preset and a checkpoint mapping) and a line in {@link Families}.
 */
interface FamilyDescriptor {

    Family family();

    /** The family's conventions (activation, norm, positions, biases, layout, tying) for a model named {@code name}. */
    ConfigBuilder preset(String name);

    /** Whether the GPU engine implements the family (its reference checked against Hugging Face's own outputs). */
    boolean implemented();

    /**
     * How the family's Hugging Face checkpoints load, one mapping per Hugging Face architecture it reads
     * (LLaMA's family reads Mixtral's too); empty where llmbench reads none. The CPU reference reads a
     * family's checkpoints (and is checked on them) before the engine implements it.
     */
    List<HfMapping> checkpoints();
}
