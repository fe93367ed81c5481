package engram.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings bind from application.yml and overrides; pass-through keys keep their dots. Only the
 * configuration beans are created (the service itself is not started).
 */
class KafkaSettingsTest {

    private static ApplicationContext configOnly(Map<String, Object> properties) {
        return ApplicationContext.run(properties);
    }

    @Test
    void defaultsComeFromApplicationYml() {
        try (ApplicationContext ctx = configOnly(Map.of())) {
            KafkaSettings k = ctx.getBean(KafkaSettings.class);
            assertTrue(k.embedded());
            assertEquals(9092, k.embeddedPort());
            assertEquals(".engram/kafka", k.embeddedDataDir());
            assertEquals(Duration.ofSeconds(15), k.connectTimeout());
            assertEquals("engram", ctx.getBean(TopicSettings.class).prefix());
            assertEquals("auto", ctx.getBean(ModelSettings.class).device());
            assertEquals(512, ctx.getBean(LimitSettings.class).maxChunkTokens());
            assertEquals(".engram/pools", ctx.getBean(PoolSettings.class).snapshotDir());
        }
    }

    @Test
    void passThroughPropertiesKeepTheirKafkaNames() {
        try (ApplicationContext ctx = configOnly(Map.of(
                "engram.kafka.bootstrap-servers", "b1:9092,b2:9092",
                "engram.kafka.properties.security.protocol", "SASL_SSL",
                "engram.kafka.properties.sasl.mechanism", "PLAIN"))) {
            KafkaSettings k = ctx.getBean(KafkaSettings.class);
            assertFalse(k.embedded());
            Map<String, Object> client = k.clientProperties(k.bootstrapServers());
            assertEquals("SASL_SSL", client.get("security.protocol"));
            assertEquals("PLAIN", client.get("sasl.mechanism"));
            assertEquals("b1:9092,b2:9092", client.get("bootstrap.servers"));
        }
    }

    @Test
    void theBundledModelResolvesUnderHome() {
        assertEquals(java.nio.file.Path.of("/opt/engram/models/engram-tiny"),
                new ModelSettings(null, "auto").resolvePath(java.nio.file.Path.of("/opt/engram")));
        assertEquals(java.nio.file.Path.of("/m/8b"), new ModelSettings("/m/8b", "gpu").resolvePath(java.nio.file.Path.of("/x")));
    }
}
