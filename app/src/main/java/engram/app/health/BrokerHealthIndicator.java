package engram.app.health;

import engram.app.service.EngramService;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/** Ready while a Kafka broker answers a cluster description within two seconds. */
@Singleton
@Readiness
public class BrokerHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final EngramService service;

    public BrokerHealthIndicator(EngramService service) {
        this.service = service;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bootstrapServers", service.bootstrapServers());
        try (Admin admin = service.clients().admin()) {
            DescribeClusterResult cluster = admin.describeCluster();
            details.put("clusterId", cluster.clusterId().get(2, TimeUnit.SECONDS));
            details.put("brokers", cluster.nodes().get(2, TimeUnit.SECONDS).size());
            healthStatus = HealthStatus.UP;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            details.put("error", e.toString());
            healthStatus = HealthStatus.DOWN;
        }
        return details;
    }

    @Override
    protected String getName() {
        return "engram-kafka";
    }
}
