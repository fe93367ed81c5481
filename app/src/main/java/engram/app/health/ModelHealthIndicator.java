package engram.app.health;

import engram.app.service.EngramService;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;

/** Ready once the model is loaded (the engine exists only after its weights were read). */
@Singleton
@Readiness
public class ModelHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    private final EngramService service;

    public ModelHealthIndicator(EngramService service) {
        this.service = service;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        var model = service.model();
        healthStatus = model.loaded() ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("path", model.path(), "device", model.device(), "modelId", String.valueOf(model.modelId()));
    }

    @Override
    protected String getName() {
        return "engram-model";
    }
}
