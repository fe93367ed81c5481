package engram.engine.ltm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which blocks a promote read moves, and in what order (long-term-memory.md §3.3 step 3). Blocks are grouped by
 * source (a news item's chunks); a group ranks where its best block ranks. The top group is promoted whole, in
 * version order, so the item's last chunk (where a news item states its fact) ends nearest the prompt, as right after
 * ingesting it; then the best block of each next group, until the row budget is full. Blocks without a source are
 * groups of one. Returned rank 1 last: the order the blocks take at the newest end of the prefix.
 */
public final class PromotionPlan {

    private PromotionPlan() {
    }

    /**
     * @param ranked    versions, best first (a retriever's ranking)
     * @param log       the blocks and their sources
     * @param maxBlocks the row budget R in blocks (R / K, at least 1)
     */
    public static long[] select(long[] ranked, DeltaLog log, int maxBlocks) {
        Map<Long, Long> bestOfGroup = new LinkedHashMap<>(); // group -> its best block, groups in rank order
        for (long v : ranked) {
            long source = log.get(v).source();
            bestOfGroup.putIfAbsent(source != 0 ? source : -v - 1, v); // sourceless: a group of its own
        }
        if (bestOfGroup.isEmpty()) {
            return new long[0];
        }
        List<Long> groups = new ArrayList<>(bestOfGroup.keySet());
        long topSource = log.get(bestOfGroup.get(groups.get(0))).source();
        List<Long> top = new ArrayList<>();
        if (topSource == 0) {
            top.add(bestOfGroup.get(groups.get(0)));
        } else {
            for (DeltaLog.Entry e : log.entries()) {
                if (e.source() == topSource) {
                    top.add(e.version());
                }
            }
        }
        if (top.size() > maxBlocks) {
            top = top.subList(top.size() - maxBlocks, top.size()); // an item longer than the budget: its last chunks
        }
        List<Long> runnersUp = new ArrayList<>();
        for (int g = 1; g < groups.size() && top.size() + runnersUp.size() < maxBlocks; g++) {
            runnersUp.add(bestOfGroup.get(groups.get(g)));
        }
        long[] order = new long[top.size() + runnersUp.size()];
        int i = 0;
        for (int r = runnersUp.size() - 1; r >= 0; r--) {
            order[i++] = runnersUp.get(r);
        }
        for (long v : top) {
            order[i++] = v;
        }
        return order;
    }
}
