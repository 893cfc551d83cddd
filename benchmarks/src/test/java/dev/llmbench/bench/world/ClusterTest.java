package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;
import dev.llmbench.bench.params.DecoderTrial;
import dev.llmbench.bench.params.TrialParams;
import dev.llmbench.runtime.NcclGroup;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A process's block of a tensor-parallel group over several processes: world size / processes GPUs, its ranks after
 * the processes before it, its devices after its node's processes before it (the launcher's node-local rank).
 */
class ClusterTest {
    private static DecoderTrial trial(int worldSize) {
        return DecoderTrial.of(TrialParams.of("llama_70b", "plugin", "float16", "none", 1, "128:20", true, worldSize, 1));
    }

    @Test
    void aProcessHoldsItsBlockOfRanksAndOfItsNodesDevices() {
        NcclGroup g = Cluster.group(trial(16).spec(), new WorldEnv(2, 4, "node0", 29517), 1, new byte[] {9});
        assertEquals(4, g.localGpus(16));
        assertEquals(8, g.firstRank());
        assertEquals(4, g.firstDevice());
    }

    @Test
    void aWorldSizeThatTheProcessesDoNotDivideIsRefused() {
        LlmbenchException e = assertThrows(LlmbenchException.class,
                () -> Cluster.group(trial(2).spec(), new WorldEnv(0, 4, "node0", 29517), 0, new byte[] {9}));
        assertEquals("world size 2 over 4 processes: each process holds the same number of GPUs, so the world size is a"
                + " multiple of the processes", e.getMessage());
    }

    @Test
    void theNodeLocalRankComesFromTheLauncher() {
        assertEquals(0, Cluster.localRank(Map.of()));
        assertEquals(3, Cluster.localRank(Map.of("OMPI_COMM_WORLD_LOCAL_RANK", "3")));
        assertEquals(1, Cluster.localRank(Map.of("SLURM_LOCALID", "1")));
        assertEquals(2, Cluster.localRank(Map.of("LLMBENCH_LOCAL_RANK", "2", "SLURM_LOCALID", "5")));
        LlmbenchException e = assertThrows(LlmbenchException.class, () -> Cluster.localRank(Map.of("SLURM_LOCALID", "x")));
        assertEquals("SLURM_LOCALID is 'x', not a node-local rank", e.getMessage());
    }
}
