package dev.llmbench.families;

import dev.llmbench.model.ConfigBuilder;
import dev.llmbench.model.Family;

import java.util.List;
import java.util.function.Function;

/**
 * A family the engine does not implement yet: its registry rows exist (their numbers are the benchmark's),
 * with conventions that follow the public checkpoints, but it has no checkpoint mapping and does not run.
 */
record PresetFamily(Family family, Function<String, ConfigBuilder> conventions) implements FamilyDescriptor {

    @Override
    public ConfigBuilder preset(String name) {
        return conventions.apply(name);
    }

    @Override
    public boolean implemented() {
        return false;
    }

    @Override
    public List<HfMapping> checkpoints() {
        return List.of();
    }
}
