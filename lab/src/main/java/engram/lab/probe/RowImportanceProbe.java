package engram.lab.probe;

import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.engine.MemoryPool;
import engram.engine.ModelConfig;
import engram.engine.tokenizer.Encoding;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Why a fact needs nearly all of its rows ({@link RowLossProbe}), measured one row at a time. A self-update writes
 * the outputs of the context's last K tokens, so Δ's row i is the hidden state of one context token. Right after the
 * fact is written (t = 1), the probe removes a single row of Δ, in one layer or in every layer, and asks again. Rows
 * are grouped by the token they were computed at: the answer's first token, its later tokens, the token just before
 * the answer, and the others. If the model copies an answer token by token from the rows of those tokens, removing
 * the answer's first row in the copying layer loses the answer and removing any other row costs little; if a fact
 * were spread over its rows, no single row would matter much. Only examples answered with every row are counted.
 */
public final class RowImportanceProbe {

    /** What the context token a Δ row was computed at is, relative to the answer's span in the context. */
    enum Role {
        ANSWER_FIRST("answer's first token"),
        ANSWER_LATER("answer's later tokens"),
        BEFORE_ANSWER("token before the answer"),
        OTHER("other tokens");

        final String label;

        Role(String label) {
            this.label = label;
        }
    }

    /**
     * Per role, the share of answers kept when one row of that role is removed: {@code byLayer[l]} in layer l only,
     * {@code everyLayer} in all layers at once (averaged over the rows of the role and the examples).
     */
    public record RoleResult(double[] byLayer, double everyLayer, int rows) {
    }

    /**
     * {@code answered}: examples answered with every row (the ones measured); {@code answerInWindow}: of those, how
     * many have the answer's first token among the K tokens Δ was computed at.
     */
    public record Report(String modelId, int examples, int answered, int answerInWindow, int layers,
                         Map<Role, RoleResult> roles) {
    }

    /** Answers kept over the rows of one role removed so far. */
    private static final class Tally {
        final int[] keptByLayer;
        int keptEveryLayer;
        int rows;

        Tally(int layers) {
            keptByLayer = new int[layers];
        }

        RoleResult result() {
            double[] byLayer = new double[keptByLayer.length];
            for (int l = 0; l < byLayer.length; l++) {
                byLayer[l] = share(keptByLayer[l]);
            }
            return new RoleResult(byLayer, share(keptEveryLayer), rows);
        }

        private double share(int kept) {
            return rows == 0 ? Double.NaN : (double) kept / rows;
        }
    }

    private final Path dir;
    private final PrintStream log;

    public RowImportanceProbe(Path dir, PrintStream log) {
        this.dir = dir;
        this.log = log;
    }

    public Report run(int examples, long seed) throws IOException {
        try (MemoryLLM model = MemoryLLM.load(dir, EngineOptions.defaults())) {
            ModelConfig c = model.config();
            int layers = c.numLayers();
            int n = c.poolSize();
            int k = c.numTokens();
            Map<Role, Tally> tallies = new EnumMap<>(Role.class);
            for (Role role : Role.values()) {
                tallies.put(role, new Tally(layers));
            }
            int answered = 0;
            int inWindow = 0;
            ProbeExamples stream = new ProbeExamples(model, seed);
            for (int e = 0; e < examples; e++) {
                ProbeExamples.Example example = stream.next();
                try (MemoryPool pool = model.newPool(seed * 1000 + e)) {
                    model.selfUpdate(pool, example.context());
                    if (example.answeredFrom(model, pool)) {               // else not measured
                        answered++;
                        Role[] roles = deltaRowRoles(model, example, k);
                        inWindow += Arrays.asList(roles).contains(Role.ANSWER_FIRST) ? 1 : 0;
                        for (int i = 0; i < k; i++) {
                            Tally tally = tallies.get(roles[i]);
                            tally.rows++;
                            for (int l = 0; l < layers; l++) {
                                tally.keptByLayer[l] += answersWithout(model, pool, example, n, k, i, l, l) ? 1 : 0;
                            }
                            tally.keptEveryLayer += answersWithout(model, pool, example, n, k, i, 0, layers - 1)
                                    ? 1 : 0;
                        }
                    }
                }
                if ((e + 1) % 20 == 0 || e + 1 == examples) {
                    log.printf("row-importance probe: %d/%d examples%n", e + 1, examples);
                }
            }
            Map<Role, RoleResult> roles = new EnumMap<>(Role.class);
            tallies.forEach((role, tally) -> roles.put(role, tally.result()));
            return new Report(model.modelId(), examples, answered, inWindow, layers, roles);
        }
    }

    /** Asks with Δ's row i removed in layers first..last (the pool topped up at the oldest end with its row 0). */
    private static boolean answersWithout(MemoryLLM model, MemoryPool pool, ProbeExamples.Example example,
                                          int n, int k, int i, int first, int last) {
        try (MemoryPool without = PoolRows.picked(pool, rowRemoved(pool.shape().get(0), n, n - k + i, first, last))) {
            return example.answeredFrom(model, without);
        }
    }

    /** Per layer the identity, except in layers first..last: row 0 twice, then every row but {@code removed}. */
    static int[][] rowRemoved(long layers, int n, int removed, int first, int last) {
        int[][] source = new int[(int) layers][n];
        for (int l = 0; l < layers; l++) {
            boolean remove = l >= first && l <= last;
            int j = 0;
            if (remove) {
                source[l][j++] = 0;
            }
            for (int r = 0; r < n; r++) {
                if (!remove || r != removed) {
                    source[l][j++] = r;
                }
            }
        }
        return source;
    }

    /**
     * The role of each of Δ's K rows: row i is context token T − K + i. The answer is found by its characters in
     * the context's text (re-encoded from its decoding, which gives the same ids for this byte-level tokenizer; an
     * example where it does not, or where the answer is not in the text, has only OTHER rows).
     */
    static Role[] deltaRowRoles(MemoryLLM model, ProbeExamples.Example example, int k) {
        int[] ids = example.context();
        String text = model.tokenizer().decode(ids);
        Encoding encoding = model.tokenizer().encode(text);
        Role[] roles = new Role[k];
        Arrays.fill(roles, Role.OTHER);
        int start = text.lastIndexOf(example.answer());
        if (start < 0 || !Arrays.equals(encoding.ids(), ids)) {
            return roles;
        }
        return rolesOf(encoding, start, start + example.answer().length(), k);
    }

    /** Roles of the last K tokens of {@code encoding}, given the answer's char span [start, end). */
    static Role[] rolesOf(Encoding encoding, int start, int end, int k) {
        int t = encoding.size();
        int first = -1;
        Role[] tokenRole = new Role[t];
        Arrays.fill(tokenRole, Role.OTHER);
        for (int p = 0; p < t; p++) {
            if (encoding.charEnd()[p] > start && encoding.charStart()[p] < end) {
                tokenRole[p] = first < 0 ? Role.ANSWER_FIRST : Role.ANSWER_LATER;
                first = first < 0 ? p : first;
            }
        }
        if (first > 0) {
            tokenRole[first - 1] = Role.BEFORE_ANSWER;
        }
        Role[] roles = new Role[k];
        for (int i = 0; i < k; i++) {
            int p = t - k + i;
            roles[i] = p >= 0 ? tokenRole[p] : Role.OTHER;
        }
        return roles;
    }

    /** The table the engine README quotes. */
    public static String markdown(Report report) {
        StringBuilder md = new StringBuilder("| row removed (token it was computed at) | rows |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (int l = 0; l < report.layers(); l++) {
            md.append(" layer ").append(l).append(" only |");
            rule.append("---|");
        }
        md.append(" every layer |\n").append(rule).append("---|\n");
        report.roles().forEach((role, r) -> {
            md.append("| ").append(role.label).append(" | ").append(r.rows()).append(" |");
            for (double kept : r.byLayer()) {
                md.append(String.format(" %.2f |", kept));
            }
            md.append(String.format(" %.2f |%n", r.everyLayer()));
        });
        return md.toString();
    }

    /** {@code RowImportanceProbe [MODEL_DIR] [EXAMPLES]}: prints the table (a few minutes for 100 examples). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "models/engram-tiny");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Report report = new RowImportanceProbe(dir, System.out).run(examples, 7);
        System.out.printf("%s, %d held-out-name examples, %d answered with every row (answer's first token among"
                        + " Δ's tokens in %d); share of those answers kept with one row removed:%n%s",
                report.modelId(), examples, report.answered(), report.answerInWindow(), markdown(report));
    }
}
