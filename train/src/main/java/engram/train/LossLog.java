package engram.train;

import engram.train.objective.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** {@code loss.csv}: one line per log window (step, loss, the three figures, training seconds). */
final class LossLog {

    static final String HEADER = "step,loss,answer_accuracy,retention_accuracy,seconds,in_context_accuracy";

    private final Path file;

    private LossLog(Path file) {
        this.file = file;
    }

    /**
     * A fresh log for a new run; for a resumed one, the log without the lines a killed run wrote after its last
     * checkpoint (the resumed run logs those steps again).
     */
    static LossLog start(Path file, int step) throws IOException {
        if (step == 0 || !Files.isRegularFile(file)) {
            Files.writeString(file, HEADER + "\n");
            return new LossLog(file);
        }
        List<String> lines = Files.readAllLines(file);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            if (Integer.parseInt(line.substring(0, line.indexOf(','))) <= step) {
                kept.add(line);
            }
        }
        Files.write(file, kept);
        return new LossLog(file);
    }

    Path file() {
        return file;
    }

    void append(int step, Metrics window, double seconds) throws IOException {
        Files.writeString(file, String.format("%d,%.5f,%.4f,%.4f,%.1f,%.4f%n", step, window.loss(),
                window.mean(Step.Figure.ANSWER), window.mean(Step.Figure.RETENTION), seconds,
                window.mean(Step.Figure.IN_CONTEXT)), StandardOpenOption.APPEND);
    }

    /** The last line's fields (a finished run reports them). */
    String[] lastLine() throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.get(lines.size() - 1).split(",");
    }
}
