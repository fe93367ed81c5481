package engram.app.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code engram status}: asks the running service (HTTP API) for its memories, versions, lag, model and device.
 * Kafka alone cannot tell the model or device, so this one command talks HTTP.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running service's memories, versions, lag, model and device.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:ENGRAM_URL:-http://127.0.0.1:8080}",
            description = "The service's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--json", description = "Print the raw JSON status.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/api/status"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err().println("engram status: no service at " + url + " (is `./engram run` running?)");
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err().println("engram status: cannot read the status from " + url + ": " + e.getMessage());
            return 2;
        }
        if (response.statusCode() != 200) {
            err().println("engram status: " + url + " answered HTTP " + response.statusCode());
            return 2;
        }
        out().println(json ? response.body() : StatusText.render(response.body()));
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
