package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class WorldEnvTest {

    @Test
    void withoutALauncherItIsOneProcess() {
        WorldEnv env = WorldEnv.from(Map.of("HOME", "/root"));
        assertEquals(new WorldEnv(0, 1, null, 0), env);
        assertTrue(env.single() && env.leader());
    }

    @Test
    void eachLaunchersVariablesGiveRankAndSize() {
        Map<String, String> master = Map.of("LLMBENCH_MASTER", "node0:4000");
        assertEquals(new WorldEnv(2, 4, "node0", 4000), WorldEnv.from(with(master, "LLMBENCH_RANK", "2", "LLMBENCH_WORLD_SIZE", "4")));
        assertEquals(new WorldEnv(1, 2, "node0", 4000), WorldEnv.from(with(master, "OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2")));
        assertEquals(new WorldEnv(3, 8, "node0", 4000), WorldEnv.from(with(master, "PMI_RANK", "3", "PMI_SIZE", "8")));
        assertEquals(new WorldEnv(0, 2, "node0", 4000), WorldEnv.from(with(master, "SLURM_PROCID", "0", "SLURM_NTASKS", "2")));
    }

    @Test
    void ourVariablesWinOverTheLaunchersAndPyTorchsAddressServes() {
        WorldEnv env = WorldEnv.from(Map.of("LLMBENCH_RANK", "1", "LLMBENCH_WORLD_SIZE", "2", "OMPI_COMM_WORLD_RANK", "0",
                "OMPI_COMM_WORLD_SIZE", "4", "MASTER_ADDR", "10.0.0.5", "MASTER_PORT", "6000"));
        assertEquals(new WorldEnv(1, 2, "10.0.0.5", 6000), env);
    }

    @Test
    void oneNodeNeedsNoAddress() {
        assertEquals(new WorldEnv(1, 2, WorldEnv.LOCAL_HOST, WorldEnv.DEFAULT_PORT), WorldEnv.from(Map.of(
                "OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2", "OMPI_COMM_WORLD_LOCAL_SIZE", "2")));
        assertEquals(new WorldEnv(0, 1, null, 0), WorldEnv.from(Map.of("SLURM_PROCID", "0", "SLURM_NTASKS", "1")));
    }

    @Test
    void whatCannotWorkIsOneLineNamingTheVariable() {
        assertEquals("2 processes on several nodes need rank 0's address: set LLMBENCH_MASTER=HOST:PORT (or MASTER_ADDR and"
                + " MASTER_PORT) for every process", error(Map.of("PMI_RANK", "0", "PMI_SIZE", "2")));
        assertEquals("LLMBENCH_WORLD_SIZE is not set beside LLMBENCH_RANK: a launcher sets both", error(Map.of("LLMBENCH_RANK", "0")));
        assertEquals("LLMBENCH_RANK is 'x', not a whole number", error(Map.of("LLMBENCH_RANK", "x", "LLMBENCH_WORLD_SIZE", "2")));
        assertEquals("rank 4 of 4 processes: a rank is 0 .. size - 1", error(Map.of("LLMBENCH_RANK", "4", "LLMBENCH_WORLD_SIZE", "4",
                "LLMBENCH_MASTER", "h:1")));
        assertEquals("LLMBENCH_MASTER=node0: give rank 0's address as HOST:PORT", error(Map.of("LLMBENCH_RANK", "0",
                "LLMBENCH_WORLD_SIZE", "2", "LLMBENCH_MASTER", "node0")));
    }

    private static String error(Map<String, String> env) {
        return assertThrows(LlmbenchException.class, () -> WorldEnv.from(env)).getMessage();
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return m;
    }
}
