package engram.app.health;

import engram.app.service.EngramService;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** Ready while the Kafka Streams topology processes records (running, or rebalancing between instances). */
@Singleton
@Readiness
public class TopologyHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final EngramService service;

    public TopologyHealthIndicator(EngramService service) {
        this.service = service;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        KafkaStreams.State state = service.topologyState();
        healthStatus = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("state", state.name());
    }

    @Override
    protected String getName() {
        return "engram-topology";
    }
}
