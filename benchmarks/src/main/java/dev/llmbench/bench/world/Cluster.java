package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;
import dev.llmbench.runtime.Decoder;
import dev.llmbench.runtime.EngineSpec;
import dev.llmbench.runtime.NcclGroup;
import dev.llmbench.runtime.TensorParallelEngine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A run over several processes (one per node, started by a launcher: {@link WorldEnv}), seen from rank 0, which
 * runs JMH in its own JVM: the other processes joined at the start ({@link Rendezvous}, the NCCL unique id as the
 * session id), and every decoder trial built on all of them as one tensor-parallel group ({@link ClusterDecoder}).
 * The world size of a trial counts every GPU of every process; each process holds world size / processes of them.
 * The other processes' side is {@link #follow}.
 */
public final class Cluster {
    /** How long the start waits for every process, and a trial's build or call for every answer. */
    static final Duration TIMEOUT = Duration.ofMinutes(15);

    private static volatile Cluster current;

    private final WorldEnv world;
    private final byte[] ncclId;
    private final Leader leader;
    private final TrialProtocol protocol;

    private Cluster(WorldEnv world, byte[] ncclId, Leader leader) {
        this.world = world;
        this.ncclId = ncclId.clone();
        this.leader = leader;
        this.protocol = new TrialProtocol(leader, TIMEOUT);
    }

    /** Rank 0's run over several processes in this JVM, or empty (one process). */
    public static Optional<Cluster> current() {
        return Optional.ofNullable(current);
    }

    /** Rank 0: waits for every other process, hands each {@code ncclId}, and makes the run this JVM's. */
    public static Cluster lead(WorldEnv world, byte[] ncclId) {
        if (current != null) throw new IllegalStateException("a run over several processes is already under way");
        Cluster c = new Cluster(world, ncclId, Rendezvous.lead(world, ncclId, TIMEOUT));
        current = c;
        return c;
    }

    /** A process other than rank 0: joins rank 0, then builds and runs every trial it sends until the run ends. */
    public static void follow(WorldEnv world) {
        try (Follower follower = Rendezvous.follow(world, TIMEOUT)) {
            byte[] ncclId = follower.sessionId();
            follower.serve(TrialProtocol.handler(new NodeRanks(spec -> localRanks(spec, world, ncclId))));
        }
    }

    /** This trial on every process: this process's ranks built here, the others' there. */
    public Decoder decoder(EngineSpec spec, Map<String, String> trialParams) {
        return ClusterDecoder.build(trialParams, () -> localRanks(spec, world, ncclId), protocol);
    }

    /** Ends the run on every process: cleanly after a run, or each exiting non-zero with {@code why}. */
    public void end(String why) {
        current = null;
        if (why == null) leader.close();
        else leader.abort(why);
    }

    /** Process {@code world.rank()}'s ranks of {@code spec}: world size / processes GPUs, the rank's block of the group. */
    static Decoder localRanks(EngineSpec spec, WorldEnv world, byte[] ncclId) {
        int size = spec.shard().size();
        if (size % world.size() != 0) {
            throw new LlmbenchException("world size " + size + " over " + world.size() + " processes: each process holds the"
                    + " same number of GPUs, so the world size is a multiple of the processes");
        }
        int local = size / world.size();
        return TensorParallelEngine.build(spec, new NcclGroup.OverProcesses(ncclId, world.rank() * local, local));
    }
}
