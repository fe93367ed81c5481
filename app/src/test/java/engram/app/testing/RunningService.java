package engram.app.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import engram.app.cli.RunCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** A service started exactly as {@code ./engram run} starts it, with what it printed and an HTTP helper. */
public final class RunningService implements AutoCloseable {
    public final RunCommand.Started started;
    public final String printed;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningService(RunCommand.Started started, String printed) {
        this.started = started;
        this.printed = printed;
    }

    public static RunningService start(Map<String, Object> properties) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunCommand.Started s = RunCommand.start(properties, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertNotNull(s, () -> "the service did not start: " + err.toString(StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8)); // what a user would see, for the test log
        return new RunningService(s, out.toString(StandardCharsets.UTF_8));
    }

    public String url() {
        return started.http().getURL().toString();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code path} until its body satisfies {@code condition}; fails after the deadline. */
    public String awaitBody(String path, Predicate<String> condition, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            last = get(path).body();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("GET " + path + " never satisfied the condition within " + deadline + "; last body: " + last);
    }

    @Override
    public void close() {
        started.context().close();
    }
}
