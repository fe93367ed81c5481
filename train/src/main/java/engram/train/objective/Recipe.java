package engram.train.objective;

import ai.djl.ndarray.NDArray;
import engram.train.TrainConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The objectives and read transforms of a training config, in the order a step runs them. The shipped recipe:
 * {@link PoolQuestion}, {@link RetentionQuestion}, {@link DeltaOnlyQuestion}, {@link InContextRows}, and when
 * configured {@link ProseModelling} and the {@link PoolWindow} transform (first of the transforms); the parts of
 * registered extensions ({@link RecipeExtension}) named in the config's {@code experiments} join it, objectives
 * that read memory before those that do not, each kind in the order above, then in registration order. The order is
 * part of the numbers: it is the order of the loss terms and of the transforms.
 */
public final class Recipe {

    private final List<Objective> objectives;
    private final List<ReadTransform> transforms;

    private Recipe(List<Objective> objectives, List<ReadTransform> transforms) {
        this.objectives = List.copyOf(objectives);
        this.transforms = List.copyOf(transforms);
    }

    /** The recipe {@code cfg} names; an unknown experiment or option is refused with an IllegalArgumentException. */
    public static Recipe of(TrainConfig cfg) {
        TrainConfig.Objectives shipped = cfg.objectives();
        List<Objective> objectives = new ArrayList<>(List.of(new PoolQuestion(),
                new RetentionQuestion(shipped.retention()), new DeltaOnlyQuestion(shipped.deltaOnly())));
        List<ReadTransform> transforms = new ArrayList<>();
        Map<String, RecipeExtension> registered = extensions();
        for (String name : cfg.experiments().keySet()) {
            if (!registered.containsKey(name)) {
                throw new IllegalArgumentException("unknown experiment '" + name + "' (registered: "
                        + registered.keySet() + ")");
            }
        }
        for (RecipeExtension extension : registered.values()) {
            if (!cfg.experiments().containsKey(extension.name())) {
                continue;
            }
            RecipePart part = extension.create(cfg.experiments().get(extension.name()), cfg);
            if (part instanceof Objective o) {
                objectives.add(o);
            } else if (part instanceof ReadTransform t) {
                transforms.add(t);
            } else {
                throw new IllegalStateException(extension.name() + ": neither an Objective nor a ReadTransform");
            }
        }
        objectives.add(new InContextRows(shipped.inContext()));
        if (shipped.prose().weight() > 0) {
            objectives.add(new ProseModelling(shipped.prose()));
        }
        if (shipped.poolWindow().rows() > 0) {
            transforms.add(0, new PoolWindow(shipped.poolWindow()));
        }
        objectives.sort(Comparator.comparing(o -> !o.readsMemory()));                  // stable: kinds keep order
        return new Recipe(objectives, transforms);
    }

    /** The extensions on the classpath by name, in registration order. */
    public static Map<String, RecipeExtension> extensions() {
        Map<String, RecipeExtension> byName = new LinkedHashMap<>();
        for (RecipeExtension e : ServiceLoader.load(RecipeExtension.class)) {
            if (byName.putIfAbsent(e.name(), e) != null) {
                throw new IllegalStateException("two recipe extensions are named '" + e.name() + "'");
            }
        }
        return byName;
    }

    /** Objectives, then read transforms, each in the order a step runs them. */
    public List<RecipePart> parts() {
        List<RecipePart> parts = new ArrayList<>(objectives);
        parts.addAll(transforms);
        return parts;
    }

    /**
     * A memory step's loss: the transforms set what the step's fact is read from, the objectives ask their
     * questions of the pools in one read, then each adds its own term. {@code phaseDone} hears each phase's name as
     * it ends (the profile's timings).
     */
    public NDArray memoryLoss(Step step, Consumer<String> phaseDone) {
        for (ReadTransform t : transforms) {
            t.beforeReads(step);
        }
        PoolRead read = new PoolRead();
        for (Objective o : objectives) {
            o.ask(step, read);
        }
        NDArray loss = read.isEmpty() ? null : read.loss(step, transforms);
        phaseDone.accept("pool read");
        return addTerms(loss, objectives, step, phaseDone);
    }

    /** A curriculum step's loss: the terms of the objectives that read no memory. */
    public NDArray curriculumLoss(Step step) {
        return addTerms(null, objectives.stream().filter(o -> !o.readsMemory()).toList(), step, phase -> { });
    }

    private static NDArray addTerms(NDArray loss, List<Objective> objectives, Step step, Consumer<String> phaseDone) {
        for (Objective o : objectives) {
            NDArray term = o.loss(step);
            if (term != null) {
                loss = loss == null ? term : loss.add(term);
            }
            phaseDone.accept(o.name());
        }
        if (loss == null) {
            throw new IllegalStateException("step " + (step.number() + 1) + ": no objective of the recipe gave a "
                    + "loss" + (step.isCurriculum() ? " (a curriculum step needs one that reads no memory)" : ""));
        }
        return loss;
    }
}
