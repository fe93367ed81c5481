package engram.tools.bench;

import java.util.Arrays;

/**
 * A summary of repeated timings in milliseconds: median and 90th percentile (nearest rank), plus min and count.
 * The median is what the reports quote; p90 shows how noisy the machine was (a shared CPU jitters a lot).
 */
public record Samples(int count, double medianMs, double p90Ms, double minMs) {

    public Samples {
        if (count < 1) {
            throw new IllegalArgumentException("no samples");
        }
    }

    /** Summarises {@code millis} (not modified). */
    public static Samples ofMillis(double[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        double p90 = sorted[Math.max(0, (int) Math.ceil(0.9 * n) - 1)];
        return new Samples(n, median, p90, sorted[0]);
    }
}
