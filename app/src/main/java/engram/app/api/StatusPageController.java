package engram.app.api;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /}: a one-page status view (memories, versions over time, recent answers) that polls the JSON API.
 * Static HTML with a little JavaScript, no build step.
 */
@Controller
public class StatusPageController {
    private final String page;

    public StatusPageController() {
        try (InputStream in = StatusPageController.class.getResourceAsStream("/engram/app/ui/index.html")) {
            if (in == null) {
                throw new IllegalStateException("engram/app/ui/index.html missing from the classpath");
            }
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get
    @Produces(MediaType.TEXT_HTML)
    public String index() {
        return page;
    }
}
