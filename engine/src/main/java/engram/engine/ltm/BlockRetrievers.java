package engram.engine.ltm;

import engram.engine.ModelConfig;

import java.util.List;

/** The retrievers by name (config.json's {@code engram_ltm_retriever}, an answer's record, a report's column). */
public final class BlockRetrievers {

    public static final String ORACLE = "oracle";
    public static final String ATTENTION = "attention";
    public static final String LEXICAL = "lexical";
    public static final String LEARNED = "learned";
    public static final List<String> NAMES = List.of(ORACLE, ATTENTION, LEXICAL, LEARNED);

    private BlockRetrievers() {
    }

    /** A retriever a model may name in config.json: any but the oracle, which needs the answer. */
    static void requireServable(String name) {
        if (!NAMES.contains(name) || ORACLE.equals(name)) {
            throw new ModelConfig.InvalidConfigException("config field 'engram_ltm_retriever' must be one of "
                    + List.of(ATTENTION, LEXICAL, LEARNED) + ", got \"" + name + "\"");
        }
    }

    /**
     * The retriever {@code name} for a model: attention (over {@code settings}' score layers), lexical, or learned
     * ({@code projectors} from the checkpoint, required). The oracle needs the answer's versions: build it directly.
     */
    public static BlockRetriever create(String name, LtmSettings settings, RetrieverProjectors projectors) {
        return switch (name) {
            case ATTENTION -> new AttentionRetriever(settings.scoreLayers());
            case LEXICAL -> new LexicalRetriever();
            case LEARNED -> {
                if (projectors == null) {
                    throw new IllegalArgumentException("the learned retriever needs projectors in the checkpoint ("
                            + RetrieverProjectors.tensorName(0, "query", 0) + ", ...); this model has none");
                }
                yield new LearnedRetriever(projectors);
            }
            case ORACLE -> throw new IllegalArgumentException("the oracle retriever is told the answer's versions: "
                    + "construct OracleRetriever directly (evaluation only)");
            default -> throw new IllegalArgumentException("unknown retriever '" + name + "', expected one of " + NAMES);
        };
    }
}
