package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;

import java.util.Map;

/**
 * Where this process stands among the processes of a run over several nodes (one process per node, each
 * driving its node's GPUs): its rank, how many there are, and rank 0's address, where the others join.
 * Read from the launcher's environment, the first of these that is set:
 * <ul>
 *   <li>{@code LLMBENCH_RANK}, {@code LLMBENCH_WORLD_SIZE} (any launcher, or by hand);</li>
 *   <li>Open MPI's {@code OMPI_COMM_WORLD_RANK}, {@code OMPI_COMM_WORLD_SIZE} ({@code mpirun});</li>
 *   <li>{@code PMI_RANK}, {@code PMI_SIZE} (MPICH, Intel MPI and other PMI launchers);</li>
 *   <li>Slurm's {@code SLURM_PROCID}, {@code SLURM_NTASKS} ({@code srun}).</li>
 * </ul>
 * None set: a single process, rank 0 of 1. Rank 0's address is {@code LLMBENCH_MASTER=host:port}, else
 * {@code MASTER_ADDR} and {@code MASTER_PORT} (PyTorch's names); when every process is on one node (Open MPI's
 * local size, or Slurm's node count, says so) it defaults to {@value #LOCAL_HOST}:{@value #DEFAULT_PORT}.
 */
public record WorldEnv(int rank, int size, String masterHost, int masterPort) {
    public static final String LOCAL_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 29517;

    private static final String[][] RANK_AND_SIZE = {
            {"LLMBENCH_RANK", "LLMBENCH_WORLD_SIZE"},
            {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"},
            {"PMI_RANK", "PMI_SIZE"},
            {"SLURM_PROCID", "SLURM_NTASKS"},
    };

    public WorldEnv {
        if (size < 1 || rank < 0 || rank >= size) {
            throw new LlmbenchException("rank " + rank + " of " + size + " processes: a rank is 0 .. size - 1");
        }
    }

    /** This process's place, from the environment ({@link System#getenv()} in production). */
    public static WorldEnv from(Map<String, String> env) {
        for (String[] names : RANK_AND_SIZE) {
            String rank = env.get(names[0]), size = env.get(names[1]);
            if (rank == null && size == null) continue;
            if (rank == null || size == null) {
                throw new LlmbenchException((rank == null ? names[0] : names[1]) + " is not set beside "
                        + (rank == null ? names[1] : names[0]) + ": a launcher sets both");
            }
            int r = number(names[0], rank), s = number(names[1], size);
            if (s == 1) return new WorldEnv(r, 1, null, 0);
            String[] master = master(env, s);
            return new WorldEnv(r, s, master[0], number("the master port", master[1]));
        }
        return new WorldEnv(0, 1, null, 0);
    }

    /**
     * Throws, before any GPU work, when a launcher started this process as one of several: the generate and encode
     * commands run in one process (each rank would otherwise run the whole command on its own).
     */
    public static void requireOneProcess(Map<String, String> env) {
        WorldEnv world = from(env);
        if (!world.single()) {
            throw new LlmbenchException("this is rank " + world.rank() + " of " + world.size() + " processes (set by the launcher):"
                    + " generate and encode run in one process; run the benchmark to use several");
        }
    }

    public boolean single() {
        return size == 1;
    }

    public boolean leader() {
        return rank == 0;
    }

    private static String[] master(Map<String, String> env, int size) {
        String given = env.get("LLMBENCH_MASTER");
        if (given != null) {
            int colon = given.lastIndexOf(':');
            if (colon <= 0 || colon == given.length() - 1) {
                throw new LlmbenchException("LLMBENCH_MASTER=" + given + ": give rank 0's address as HOST:PORT");
            }
            return new String[] {given.substring(0, colon), given.substring(colon + 1)};
        }
        String addr = env.get("MASTER_ADDR"), port = env.get("MASTER_PORT");
        if (addr != null) return new String[] {addr, port != null ? port : String.valueOf(DEFAULT_PORT)};
        boolean oneNode = String.valueOf(size).equals(env.get("OMPI_COMM_WORLD_LOCAL_SIZE")) || "1".equals(env.get("SLURM_NNODES"));
        if (oneNode) return new String[] {LOCAL_HOST, port != null ? port : String.valueOf(DEFAULT_PORT)};
        throw new LlmbenchException(size + " processes on several nodes need rank 0's address: set LLMBENCH_MASTER=HOST:PORT"
                + " (or MASTER_ADDR and MASTER_PORT) for every process");
    }

    private static int number(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0 && n <= 65535) return n;
        } catch (NumberFormatException notANumber) {
            // the message below
        }
        throw new LlmbenchException(name + " is '" + value + "', not a whole number");
    }
}
