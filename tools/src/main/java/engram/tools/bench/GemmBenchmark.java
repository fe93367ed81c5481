package engram.tools.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What fp32 matrix multiply achieves on this machine through DJL's PyTorch engine: the ceiling against which the
 * engine benchmark reports self-update throughput ("achieved FLOP/s as a fraction of GEMM"). Square n×n·n×n
 * products count 2n³ floating-point operations; the reported time is the median of the measured runs after
 * warm-up runs (the first torch calls allocate and pick kernels and are several times slower).
 */
public final class GemmBenchmark {

    /** One size's outcome: GFLOP/s at the median time. */
    public record Result(int size, double gflops, double medianMs) {
        @Override
        public String toString() {
            return String.format("gemm fp32 %5d^3: %8.3f ms median, %8.2f GFLOP/s", size, medianMs, gflops);
        }
    }

    private final Device device;
    private final int warmupRuns;
    private final int measuredRuns;

    /**
     * @param device       where to multiply (e.g. {@code Device.cpu()})
     * @param warmupRuns   untimed runs first (&ge; 0)
     * @param measuredRuns timed runs whose median is reported (&ge; 1)
     */
    public GemmBenchmark(Device device, int warmupRuns, int measuredRuns) {
        this.device = Objects.requireNonNull(device, "device");
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("warmupRuns must be >= 0, got " + warmupRuns);
        }
        if (measuredRuns < 1) {
            throw new IllegalArgumentException("measuredRuns must be >= 1, got " + measuredRuns);
        }
        this.warmupRuns = warmupRuns;
        this.measuredRuns = measuredRuns;
    }

    /** Measures each size in turn. */
    public List<Result> measure(int... sizes) {
        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            results.add(measure(size));
        }
        return results;
    }

    /** Measures one square size. */
    public Result measure(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("matrix size must be >= 1, got " + size);
        }
        try (NDManager manager = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray a = manager.randomUniform(-1f, 1f, new Shape(size, size), DataType.FLOAT32);
            NDArray b = manager.randomUniform(-1f, 1f, new Shape(size, size), DataType.FLOAT32);
            for (int i = 0; i < warmupRuns; i++) {
                multiplyAndWait(a, b);
            }
            long[] nanos = new long[measuredRuns];
            for (int i = 0; i < measuredRuns; i++) {
                long start = System.nanoTime();
                multiplyAndWait(a, b);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double medianNanos = measuredRuns % 2 == 1
                    ? nanos[measuredRuns / 2]
                    : (nanos[measuredRuns / 2 - 1] + nanos[measuredRuns / 2]) / 2.0;
            double medianNanosAtLeastOne = Math.max(medianNanos, 1.0);
            double flops = 2.0 * size * size * (double) size;
            return new Result(size, flops / medianNanosAtLeastOne, medianNanosAtLeastOne / 1e6);
        }
    }

    /** The best GFLOP/s among results: the denominator for "fraction of GEMM". */
    public static double bestGflops(List<Result> results) {
        return results.stream().mapToDouble(Result::gflops).max()
                .orElseThrow(() -> new IllegalArgumentException("no GEMM results"));
    }

    /**
     * Reading one element forces completion, so the timing covers the multiply even on an asynchronous device.
     */
    private static void multiplyAndWait(NDArray a, NDArray b) {
        try (NDArray product = a.matMul(b); NDArray corner = product.get(0, 0)) {
            corner.getFloat();
        }
    }

    /**
     * Prints GEMM throughput. Arguments: sizes (default 256 512 1024). Run with
     * {@code OPT_OUT_TRACKING=true java -Dai.djl.offline=true -cp ... engram.tools.bench.GemmBenchmark 256 512}.
     */
    public static void main(String[] args) {
        int[] sizes = args.length == 0
                ? new int[] {256, 512, 1024}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        GemmBenchmark benchmark = new GemmBenchmark(device, 3, 15);
        System.out.println("device " + device + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
        List<Result> results = benchmark.measure(sizes);
        results.forEach(System.out::println);
        System.out.printf("best %.2f GFLOP/s%n", bestGflops(results));
    }
}
