package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;
import dev.llmbench.cuda.NcclCommunicator;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.NcclGroup;
import dev.llmbench.runtime.TensorParallelEngine;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run over several processes (one per node, or several per node each with its own GPUs, started by a launcher:
 * {@link WorldEnv}), seen from rank 0, which runs JMH in its own JVM: the other processes joined at the start
 * ({@link Rendezvous}), and every decoder trial built on all of them as one tensor-parallel group
 * ({@link ClusterDecoder}), joined by a NCCL unique id rank 0 makes for that trial (an id serves one communicator's
 * creation) and sends with it. The world size of a trial counts every GPU of every process; each process holds
 * world size / processes of them, from device node-local rank × that on ({@link #LOCAL_RANK}). The other processes'
 * side is {@link #follow}.
 */
public final class Cluster {
    /** How long the start waits for every process, and a trial's build or call for every answer. */
    static final Duration TIMEOUT = Duration.ofMinutes(15);
    /** The trial parameter carrying the trial's NCCL unique id (Base64). */
    static final String NCCL_ID = "ncclId";
    /** The launchers' names of a process's rank among the processes of its node (none set: 0). */
    static final String[] LOCAL_RANK = {"LLMBENCH_LOCAL_RANK", "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "SLURM_LOCALID"};

    private static volatile Cluster current;

    private final WorldEnv world;
    private final int localRank;
    private final TrialProtocol protocol;
    private final Leader leader;

    private Cluster(WorldEnv world, int localRank, Leader leader) {
        this.world = world;
        this.localRank = localRank;
        this.leader = leader;
        this.protocol = new TrialProtocol(leader, TIMEOUT);
    }

    /** Rank 0's run over several processes in this JVM, or empty (one process). */
    public static Optional<Cluster> current() {
        return Optional.ofNullable(current);
    }

    /** Rank 0: waits for every other process and makes the run this JVM's. */
    public static Cluster lead(WorldEnv world, Map<String, String> env) {
        if (current != null) throw new IllegalStateException("a run over several processes is already under way");
        byte[] session = new byte[16];
        new SecureRandom().nextBytes(session);
        Cluster c = new Cluster(world, localRank(env), Rendezvous.lead(world, session, TIMEOUT));
        current = c;
        return c;
    }

    /** A process other than rank 0: joins rank 0, then builds and runs every trial it sends until the run ends. */
    public static void follow(WorldEnv world, Map<String, String> env) {
        int localRank = localRank(env);
        try (Follower follower = Rendezvous.follow(world, TIMEOUT)) {
            follower.serve(TrialProtocol.handler(new NodeRanks((spec, params) ->
                    TensorParallelEngine.build(spec, group(spec, world, localRank, Base64.getDecoder().decode(params.get(NCCL_ID)))))));
        }
    }

    /**
     * This trial on every process: this process's ranks built here, the others' there. What this process can check
     * alone (the world size against the processes, its own GPUs and memory) fails here, before any other process hears
     * of the trial, so the run goes on with the next trial.
     */
    public Decoder decoder(EngineSpec spec, Map<String, String> trialParams) {
        byte[] ncclId = NcclCommunicator.uniqueId();
        NcclGroup group = group(spec, world, localRank, ncclId);
        TensorParallelEngine.requireFits(spec, group);
        Map<String, String> params = new HashMap<>(trialParams);
        params.put(NCCL_ID, Base64.getEncoder().encodeToString(ncclId));
        return ClusterDecoder.build(params, () -> TensorParallelEngine.build(spec, group), protocol);
    }

    /** Ends the run on every process: cleanly after a run, or each exiting non-zero with {@code why}. */
    public void end(String why) {
        current = null;
        if (why == null) leader.close();
        else leader.abort(why);
    }

    /** Process {@code world.rank()}'s block of the group of {@code spec}: world size / processes GPUs. */
    static NcclGroup group(EngineSpec spec, WorldEnv world, int localRank, byte[] ncclId) {
        int size = spec.shard().size();
        if (size % world.size() != 0) {
            throw new LlmbenchException("world size " + size + " over " + world.size() + " processes: each process holds the"
                    + " same number of GPUs, so the world size is a multiple of the processes");
        }
        int local = size / world.size();
        return new NcclGroup.OverProcesses(ncclId, world.rank() * local, local, localRank * local);
    }

    /** This process's rank among its node's processes, from the first of {@link #LOCAL_RANK} that is set. */
    static int localRank(Map<String, String> env) {
        for (String name : LOCAL_RANK) {
            String value = env.get(name);
            if (value == null) continue;
            try {
                int r = Integer.parseInt(value.trim());
                if (r >= 0) return r;
            } catch (NumberFormatException notANumber) {
                // the message below
            }
            throw new LlmbenchException(name + " is '" + value + "', not a node-local rank");
        }
        return 0;
    }
}
