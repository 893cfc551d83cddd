package dev.llmbench.bench.world;

import dev.llmbench.LlmbenchException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/**
 * The start of a run over several processes: rank 0 listens at its address, every other rank connects (retrying
 * while rank 0 starts) and says HELLO with its rank, and rank 0 answers each with WELCOME and the run's session
 * id (the NCCL unique id in a GPU run: every rank needs it to join the communicator). After it, rank 0 holds a
 * {@link Leader} over every other rank and each other rank a {@link Follower} of rank 0. A rank missing when the
 * timeout ends fails the run on rank 0 naming it; a rank that cannot reach rank 0 fails with rank 0's address.
 */
public final class Rendezvous {
    static final String HELLO = "HELLO", WELCOME = "WELCOME";

    private Rendezvous() {
    }

    /** Rank 0: waits for ranks 1 .. size − 1 and sends each the session id. */
    public static Leader lead(WorldEnv env, byte[] sessionId, Duration timeout) {
        if (!env.leader()) throw new IllegalArgumentException("rank " + env.rank() + " does not lead");
        Socket[] peers = new Socket[env.size()];
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(env.masterPort()));
            int joined = 0;
            while (joined < env.size() - 1) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw missing(peers, timeout);
                server.setSoTimeout((int) Math.max(1, Math.min(left, Integer.MAX_VALUE)));
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException late) {
                    throw missing(peers, timeout);
                }
                int rank = hello(s, env.size(), peers);
                peers[rank] = s;
                new Message(WELCOME, java.util.Map.of("session", Base64.getEncoder().encodeToString(sessionId)))
                        .write(new DataOutputStream(s.getOutputStream()));
                joined++;
            }
        } catch (IOException e) {
            closeAll(peers);
            throw new LlmbenchException("rank 0 cannot serve the rendezvous on port " + env.masterPort() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeAll(peers);
            throw e;
        }
        List<Socket> others = new ArrayList<>();
        for (int r = 1; r < peers.length; r++) others.add(peers[r]);
        return new Leader(others, sessionId);
    }

    /** Any rank but 0: joins rank 0 and returns the follower holding the session id. */
    public static Follower follow(WorldEnv env, Duration timeout) {
        if (env.leader()) throw new IllegalArgumentException("rank 0 leads");
        long deadline = System.nanoTime() + timeout.toNanos();
        String where = env.masterHost() + ":" + env.masterPort();
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(env.masterHost(), env.masterPort()), 1000);
                s.setTcpNoDelay(true);
                new Message(HELLO, java.util.Map.of("rank", String.valueOf(env.rank()))).write(new DataOutputStream(s.getOutputStream()));
                s.setSoTimeout((int) Math.max(1000, timeout.toMillis()));
                Message welcome = Message.read(new DataInputStream(s.getInputStream()));
                if (!welcome.kind().equals(WELCOME)) throw new IOException("rank 0 answered " + welcome.kind());
                s.setSoTimeout(0);
                return new Follower(env.rank(), s, Base64.getDecoder().decode(welcome.field("session")));
            } catch (ConnectException | SocketTimeoutException notYet) {
                close(s);
                if (System.nanoTime() > deadline) {
                    throw new LlmbenchException("rank " + env.rank() + " could not join rank 0 at " + where + " within "
                            + timeout.toSeconds() + " s: is rank 0 running, and is that its address (LLMBENCH_MASTER)?");
                }
                sleep(200);
            } catch (IOException e) {
                close(s);
                throw new LlmbenchException("rank " + env.rank() + " lost rank 0 at " + where + " while joining: " + e.getMessage());
            }
        }
    }

    private static int hello(Socket s, int size, Socket[] peers) throws IOException {
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        Message m = Message.read(new DataInputStream(s.getInputStream()));
        s.setSoTimeout(0);
        int rank;
        try {
            rank = m.kind().equals(HELLO) ? Integer.parseInt(m.field("rank")) : -1;
        } catch (NumberFormatException e) {
            rank = -1;
        }
        if (rank < 1 || rank >= size || peers[rank] != null) {
            close(s);
            throw new LlmbenchException("rendezvous: a process said " + m.kind() + " " + m.fields()
                    + (rank >= 1 && rank < size ? " (rank " + rank + " joined twice)" : " (ranks are 1 .. " + (size - 1) + ")"));
        }
        return rank;
    }

    private static RankFailure missing(Socket[] peers, Duration timeout) {
        TreeSet<Integer> absent = new TreeSet<>();
        for (int r = 1; r < peers.length; r++) if (peers[r] == null) absent.add(r);
        return new RankFailure(absent.first(), "did not join within " + timeout.toSeconds() + " s (missing ranks: " + absent + ")");
    }

    static void closeAll(Socket[] sockets) {
        for (Socket s : sockets) if (s != null) close(s);
    }

    static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing more to say
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmbenchException("interrupted while joining rank 0");
        }
    }
}
