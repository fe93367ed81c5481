package engram.engine.pool;

/**
 * The 32-bit Mersenne Twister (Matsumoto &amp; Nishimura 1998), seeded the way PyTorch's CPU generator is:
 * {@code torch.manual_seed(s)} runs the standard {@code init_genrand(s & 0xffffffff)}. Its output stream is the
 * one {@code torch.randperm} consumes on CPU, which is what makes {@link TorchRandpermDropSource} reproduce the
 * official MemoryLLM drops bit for bit.
 */
public final class Mt19937 {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int index;

    /** Seeds with the low 32 bits of {@code seed}, exactly like {@code torch.manual_seed}. */
    public Mt19937(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32-bit output as a Java int (bit pattern of the unsigned value). */
    public int nextInt() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** The next 32-bit output as an unsigned value in [0, 2^32). */
    public long nextUnsignedInt() {
        return nextInt() & 0xffffffffL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (state[i] & UPPER_MASK) | (state[(i + 1) % N] & LOWER_MASK);
            int next = state[(i + M) % N] ^ (y >>> 1);
            state[i] = (y & 1) == 0 ? next : next ^ MATRIX_A;
        }
        index = 0;
    }
}
