package dev.llmbench.bench.world;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A rank other than 0: it takes rank 0's commands one at a time, runs each through its {@link Handler} and
 * answers (FAILED with the reason when the handler throws), until rank 0 sends END. A reader thread watches
 * the connection the whole time, also while the handler runs: on ABORT (the run failed elsewhere), or when rank
 * 0 goes away without END (it crashed or was killed), this rank ends at once through {@code onRunLost} (by
 * default one line and exit status 1, even with the handler stuck), so no rank outlives the run.
 */
public final class Follower implements AutoCloseable {
    private final int rank;
    private final Socket socket;
    private final byte[] sessionId;
    private volatile boolean ended;

    /** What a rank does with a command; its answer goes back to rank 0. */
    @FunctionalInterface
    public interface Handler {
        Message handle(Message command);
    }

    Follower(int rank, Socket socket, byte[] sessionId) {
        this.rank = rank;
        this.socket = socket;
        this.sessionId = sessionId.clone();
    }

    public int rank() {
        return rank;
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** Serves until END; on ABORT, or when rank 0 is lost first, {@link #runLost} ends the process. */
    public void serve(Handler handler) {
        serve(handler, this::runLost);
    }

    void serve(Handler handler, java.util.function.Consumer<String> onRunLost) {
        BlockingQueue<Message> commands = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                while (true) {
                    Message m = Message.read(in);
                    if (m.kind().equals(Leader.ABORT)) {
                        onRunLost.accept("the run failed: " + m.field("why"));
                        return;
                    }
                    commands.add(m);
                    if (m.kind().equals(Leader.END)) return;
                }
            } catch (IOException lost) {
                if (!ended) onRunLost.accept(LEADER_GONE);
            }
        }, "rank " + rank + " reads rank 0");
        reader.setDaemon(true);
        reader.start();
        try {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                Message command = commands.take();
                if (command.kind().equals(Leader.END)) {
                    ended = true;
                    return;
                }
                Message answer;
                try {
                    answer = handler.handle(command);
                } catch (RuntimeException e) {
                    String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
                    answer = Message.of(Leader.FAILED, "why", why);
                }
                answer.write(out);
            }
        } catch (IOException | InterruptedException e) {
            if (!ended) onRunLost.accept(LEADER_GONE);
        } finally {
            close();
        }
    }

    private static final String LEADER_GONE = "rank 0 ended the connection without ending the run (it crashed or was killed)";

    private void runLost(String why) {
        System.err.println("ERROR: rank " + rank + ": " + why + "; ending this rank too");
        System.err.flush();
        Runtime.getRuntime().halt(1);
    }

    @Override
    public void close() {
        ended = true;
        Rendezvous.close(socket);
    }
}
