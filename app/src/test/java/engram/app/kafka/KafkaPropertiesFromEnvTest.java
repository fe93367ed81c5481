package engram.app.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPropertiesFromEnvTest {

    @Test
    void prefixedVariablesBecomeDottedLowerCaseKeys() {
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "x required;"),
                KafkaPropertiesFromEnv.from(Map.of(
                        "ENGRAM_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                        "ENGRAM_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "x required;",
                        "ENGRAM_KAFKA_PROPERTIES_", "ignored: no key",
                        "ENGRAM_KAFKA_BOOTSTRAP_SERVERS", "not a pass-through setting",
                        "PATH", "/bin")));
    }
}
