package engram.app.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import engram.app.config.EngramSettings;
import engram.app.config.ModelSettings;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The device the service names (run banner, status, status page) is the one the model runs on, never "auto"; and
 * finding it out logs nothing from DJL. On a machine with a CUDA runtime but no usable driver (this project's build
 * machines) DJL warned "Failed to detect GPU count" at every GPU query, four times per start.
 */
class EngineDeviceTest {

    @Test
    void theNamedDeviceIsTheOneTheModelRunsOnAndDjlStaysQuiet() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            // the bundled model, as ./engram run finds it from the repository (the tests run in app/)
            EngineInfo info = new EngineFactory().engineInfo(new ModelSettings(null, "auto"),
                    new EngramSettings("..", ".engram/streams", Duration.ofSeconds(5)));
            assertTrue(info.device().equals("cpu") || info.device().matches("cuda:\\d+"), info.device());
            try (MemoryLLM model = MemoryLLM.load(Path.of(info.modelPath()), new EngineOptions(info.device(), "auto"))) {
                assertEquals(info.device(), EngineOptions.describe(model.device()));
            }
        } finally {
            root.detachAppender(logged);
        }
        List<String> djlWarnings = logged.list.stream()
                .filter(e -> e.getLoggerName().startsWith("ai.djl") && e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), djlWarnings);
    }
}
