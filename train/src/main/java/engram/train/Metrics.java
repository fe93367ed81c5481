package engram.train;

import engram.train.objective.Step;

import java.util.Map;

/** Running means of the last log window: the loss of every step, each figure over the steps that measured it. */
final class Metrics {

    private double lossSum;
    private int steps;
    private final double[] figureSum = new double[Step.Figure.values().length];
    private final int[] figureSteps = new int[Step.Figure.values().length];
    double lastLoss;
    double lastAnswers;

    /** A step's loss and the figures its objectives measured (absent or NaN: not measured this step). */
    void add(double loss, Map<Step.Figure, Double> measured) {
        lossSum += loss;
        steps++;
        measured.forEach((figure, value) -> {
            if (!Double.isNaN(value)) {
                figureSum[figure.ordinal()] += value;
                figureSteps[figure.ordinal()]++;
            }
        });
        lastLoss = loss();
        lastAnswers = mean(Step.Figure.ANSWER);
    }

    /** A fresh window that still knows the previous one's last figures (what a finished run reports). */
    Metrics carry(Metrics previous) {
        lastLoss = previous.lastLoss;
        lastAnswers = previous.lastAnswers;
        return this;
    }

    double loss() {
        return lossSum / Math.max(1, steps);
    }

    /** The window's mean of {@code figure}; 0 when no step measured it. */
    double mean(Step.Figure figure) {
        return figureSum[figure.ordinal()] / Math.max(1, figureSteps[figure.ordinal()]);
    }
}
