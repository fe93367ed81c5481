package engram.train.objective;

/**
 * The question about this step's fact, asked from the pool after the update, [survivors ; Δ] (memoryllm-algorithm
 * §6.3 step 3, "new knowledge incorporation"): the gradient goes through the read into the write.
 */
public final class PoolQuestion implements Objective {

    @Override
    public String name() {
        return "poolQuestion";
    }

    @Override
    public boolean readsMemory() {
        return true;
    }

    @Override
    public void ask(Step step, PoolRead read) {
        read.ask(step.batch().questions(), step.poolRead(), Step.Figure.ANSWER);
    }

    @Override
    public String cardLine() {
        return "`poolQuestion`: this step's fact asked from the pool after the update, [survivors ; Δ].";
    }
}
