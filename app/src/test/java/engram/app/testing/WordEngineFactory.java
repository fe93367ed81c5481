package engram.app.testing;

import engram.app.engine.EngineFactory;
import engram.app.engine.EngineInfo;
import engram.topology.engine.MemoryEngine;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Puts {@link WordMemoryEngine} in place of the real engine in every test context, unless a test sets
 * {@code engram.test.engine=real} to exercise {@link EngineFactory}'s own checks.
 */
@Factory
@Requires(property = "engram.test.engine", value = "words", defaultValue = "words")
public class WordEngineFactory {

    @Singleton
    @Replaces(bean = MemoryEngine.class, factory = EngineFactory.class)
    MemoryEngine memoryEngine() {
        return new WordMemoryEngine();
    }

    @Singleton
    @Replaces(bean = EngineInfo.class, factory = EngineFactory.class)
    EngineInfo engineInfo() {
        return new EngineInfo("(test word engine)", "cpu");
    }
}
