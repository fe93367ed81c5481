package engram.app.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free local ports for test brokers (the embedded broker needs port and port + 1). */
public final class FreePorts {
    private FreePorts() {}

    /** A port p such that p and p + 1 are both free on 127.0.0.1 right now. */
    public static int pair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = one();
            if (p < 65534 && isFree(p + 1)) {
                return p;
            }
        }
        throw new IllegalStateException("no free pair of ports found");
    }

    public static int one() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
