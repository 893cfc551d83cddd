package dev.llmbench.runtime;

/** How the tensor-parallel ranks of this process join their NCCL group. */
public sealed interface NcclGroup {
    /** Every rank of the group is a GPU of this process, rank r on device r ({@code ncclCommInitAll}). */
    record ThisProcess() implements NcclGroup {
    }

    /**
     * This process holds ranks {@code firstRank} … {@code firstRank + localGpus - 1} of a group spread over
     * processes, on its devices 0 … localGpus - 1; every process joins with the same {@code uniqueId}, which the
     * launcher's rendezvous carried from rank 0 ({@code ncclCommInitRank} on each rank's thread).
     */
    record OverProcesses(byte[] uniqueId, int firstRank, int localGpus) implements NcclGroup {
        public OverProcesses {
            uniqueId = uniqueId.clone();
            if (firstRank < 0 || localGpus < 1) {
                throw new IllegalArgumentException("ranks " + firstRank + " .. " + (firstRank + localGpus - 1) + " of a group");
            }
        }
    }
}
