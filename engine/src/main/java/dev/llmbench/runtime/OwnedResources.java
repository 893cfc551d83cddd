package dev.llmbench.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The GPU and pinned-host resources an engine has made, given back last made first: a later resource may
 * use an earlier one (a graph its stream, a cuBLASLt handle its workspace in the arena).
 */
final class OwnedResources implements AutoCloseable {
    private final List<AutoCloseable> owned = new ArrayList<>();

    /** Takes {@code resource} into the list and returns it. */
    <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /** Closes every resource, even after one fails; then throws the first failure. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (failure == null) failure = e instanceof RuntimeException r ? r : new RuntimeException(e);
            }
        }
        owned.clear();
        if (failure != null) throw failure;
    }
}
