package engram.engine.ltm;

import java.util.Arrays;

/**
 * The evaluation's ceiling: it is told which blocks hold the asked fact (the harness knows which updates ingested
 * it) and names those still in the log, in the order given. Never for serving: it reads nothing of the question.
 */
public final class OracleRetriever implements BlockRetriever {

    private final long[] versions;

    public OracleRetriever(long... versions) {
        this.versions = versions.clone();
    }

    @Override
    public String name() {
        return BlockRetrievers.ORACLE;
    }

    @Override
    public long[] rank(RetrievalQuery query) {
        DeltaLog log = query.ltm().log();
        return Arrays.stream(versions).filter(v -> log.get(v) != null).toArray();
    }
}
