package engram.app.cli;

/**
 * Torch's thread count must be chosen before the PyTorch engine starts. One thread is the fastest on a shared
 * 2-core machine (OpenMP threads fight the JVM and each other); more help on an idle machine with more cores.
 */
public final class TorchThreads {

    private TorchThreads() {
    }

    public static void set(Integer threads) {
        if (threads != null && threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
