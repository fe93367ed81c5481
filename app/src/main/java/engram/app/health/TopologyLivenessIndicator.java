package engram.app.health;

import engram.app.service.EngramService;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Alive unless the topology has died (ERROR, or shut down by its uncaught-exception handler): then only a
 * restart helps, which is what a liveness probe is for.
 */
@Singleton
@Liveness
public class TopologyLivenessIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final EngramService service;

    public TopologyLivenessIndicator(EngramService service) {
        this.service = service;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = service.topologyState();
        healthStatus = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING ? HealthStatus.DOWN : HealthStatus.UP;
        return Map.of("state", state.name());
    }

    @Override
    protected String getName() {
        return "engram-topology-alive";
    }
}
