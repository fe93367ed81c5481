package engram.topology.ingest;

import engram.schemas.SourceCoordinates;

/**
 * Deterministic update ids: {@code <topic>:<partition>:<offset>:<chunkIndex>/<chunkCount>} of the feed record a
 * chunk was cut from. A re-delivered source record yields the same ids, which is what lets the apply flow
 * recognise it as a duplicate; the id also tells an auditor where to find the source.
 */
public final class UpdateIds {

    private UpdateIds() {}

    public static String of(SourceCoordinates source, int chunkIndex, int chunkCount) {
        if (chunkIndex < 0 || chunkIndex >= chunkCount) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " of " + chunkCount);
        }
        return source.getTopic() + ":" + source.getPartition() + ":" + source.getOffset() + ":" + chunkIndex + "/"
                + chunkCount;
    }
}
