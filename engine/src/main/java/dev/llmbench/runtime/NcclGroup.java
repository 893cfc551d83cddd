package dev.llmbench.runtime;

/** How the tensor-parallel ranks of this process join their NCCL group. */
public sealed interface NcclGroup {
    /** Every rank of the group is a GPU of this process, rank r on device r ({@code ncclCommInitAll}). */
    record ThisProcess() implements NcclGroup {
    }

    /**
     * This process holds ranks {@code firstRank} … {@code firstRank + localGpus - 1} of a group spread over
     * processes, on its devices {@code firstDevice} … {@code firstDevice + localGpus - 1} (several processes of one
     * node take consecutive blocks); every process joins with the same {@code uniqueId}, made by rank 0 for this group
     * alone ({@code ncclCommInitRank} on each rank's thread).
     */
    record OverProcesses(byte[] uniqueId, int firstRank, int localGpus, int firstDevice) implements NcclGroup {
        public OverProcesses {
            uniqueId = uniqueId.clone();
            if (firstRank < 0 || localGpus < 1 || firstDevice < 0) {
                throw new IllegalArgumentException("ranks " + firstRank + " .. " + (firstRank + localGpus - 1) + " of a group on devices "
                        + firstDevice + " ..");
            }
        }
    }

    /** GPUs this process drives. */
    default int localGpus(int worldSize) {
        return this instanceof OverProcesses g ? g.localGpus() : worldSize;
    }

    /** The group's rank of this process's first GPU. */
    default int firstRank() {
        return this instanceof OverProcesses g ? g.firstRank() : 0;
    }

    /** This process's first device. */
    default int firstDevice() {
        return this instanceof OverProcesses g ? g.firstDevice() : 0;
    }
}
