package engram.engine.pool;

/** Argument checks shared by every {@link DropIndexSource}, so each reports bad input the same clear way. */
final class DropArguments {

    private DropArguments() {
    }

    static void check(int layers, int n, int k) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (n < 1) {
            throw new IllegalArgumentException("pool size n must be >= 1, got " + n);
        }
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("drop count k must be in [0, n=" + n + "], got " + k);
        }
    }

    /** Survivors in ascending order: every index in [0, n) not marked dropped. */
    static int[] survivorsExcept(boolean[] dropped, int survivorCount) {
        int[] survivors = new int[survivorCount];
        int next = 0;
        for (int i = 0; i < dropped.length; i++) {
            if (!dropped[i]) {
                survivors[next++] = i;
            }
        }
        if (next != survivorCount) {
            throw new IllegalStateException("expected " + survivorCount + " survivors, found " + next);
        }
        return survivors;
    }

    /** L copies of one array (perLayer = false). */
    static int[][] sameForEveryLayer(int layers, int[] survivors) {
        int[][] out = new int[layers][];
        for (int l = 0; l < layers; l++) {
            out[l] = survivors.clone();
        }
        return out;
    }
}
