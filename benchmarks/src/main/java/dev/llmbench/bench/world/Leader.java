package dev.llmbench.bench.world;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Rank 0's side of a run: it sends each command to every other rank and waits for all their answers, so the
 * ranks take the same trials and iterations in step. The first rank that answers FAILED, closes its connection
 * (it exited or crashed) or lets the timeout pass fails the command with a {@link RankFailure} naming it, and
 * the leader aborts the run: ABORT with the reason to every rank still there, then the connections closed, so
 * every rank ends with a non-zero status ({@link Follower}). {@link #close} ends a run that went well (END).
 */
public final class Leader implements AutoCloseable {
    public static final String END = "END", ABORT = "ABORT", FAILED = "FAILED";

    private final List<Socket> followers; // ranks 1 .. size − 1, in order
    private final byte[] sessionId;
    private volatile boolean closed; // abort may come from another thread than the commands

    Leader(List<Socket> followers, byte[] sessionId) {
        this.followers = List.copyOf(followers);
        this.sessionId = sessionId.clone();
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** Sends {@code command} to every other rank; their answers in rank order (rank 1 first). */
    public List<Message> command(Message command, Duration timeout) {
        if (closed) throw new IllegalStateException("the run has ended");
        try {
            for (int i = 0; i < followers.size(); i++) {
                try {
                    command.write(new DataOutputStream(followers.get(i).getOutputStream()));
                } catch (IOException e) {
                    throw new RankFailure(i + 1, "ended (exited or crashed) before " + command.kind() + ": " + e.getMessage());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Message> answers = new ArrayList<>();
            for (int i = 0; i < followers.size(); i++) answers.add(answer(i + 1, followers.get(i), command, deadline, timeout));
            return answers;
        } catch (RankFailure f) {
            abort(f.getMessage());
            throw f;
        }
    }

    private static Message answer(int rank, Socket s, Message command, long deadline, Duration timeout) {
        try {
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            Message m = Message.read(new DataInputStream(s.getInputStream()));
            if (m.kind().equals(FAILED)) throw new RankFailure(rank, "failed " + command.kind() + ": " + m.field("why"));
            return m;
        } catch (SocketTimeoutException slow) {
            throw new RankFailure(rank, "did not answer " + command.kind() + " within " + timeout.toMillis() / 1000.0 + " s");
        } catch (EOFException gone) {
            throw new RankFailure(rank, "ended (exited or crashed) during " + command.kind());
        } catch (IOException e) {
            throw new RankFailure(rank, "was lost during " + command.kind() + ": " + e.getMessage());
        }
    }

    /** Ends the run: END to every rank still connected, then the connections closed. */
    @Override
    public void close() {
        finish(Message.of(END));
    }

    /** Ends a failed run: every rank still connected ends with a non-zero status, told {@code why}. */
    public void abort(String why) {
        finish(Message.of(ABORT, "why", why.lines().findFirst().orElse(why)));
    }

    private void finish(Message last) {
        if (closed) return;
        closed = true;
        for (Socket s : followers) {
            try {
                last.write(new DataOutputStream(s.getOutputStream()));
            } catch (IOException alreadyGone) {
                // that rank has ended; closing below is all that is left
            }
            Rendezvous.close(s);
        }
    }
}
