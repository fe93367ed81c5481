package engram.app.api;

import engram.app.ask.QueryClient;
import engram.app.config.LimitSettings;
import engram.app.feed.FeedKind;
import engram.app.feed.FeedPublisher;
import engram.app.service.EngramService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small JSON API for applications that cannot speak Kafka: the same ask, ingest and status as the CLI, through
 * the same topics.
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EngramController {
    private final EngramService service;
    private final LimitSettings limits;

    public EngramController(EngramService service, LimitSettings limits) {
        this.service = service;
        this.limits = limits;
    }

    @Get("/status")
    public StatusView status() {
        return service.status();
    }

    /** The latest versions (at most 200) of one memory, oldest first. */
    @Get("/versions")
    public List<VersionView> versions(@QueryValue(defaultValue = "default") String memory) {
        return service.ledger().recentVersions(memory);
    }

    /** Asks and waits for the answer; 504 when none arrives within the timeout. */
    @Post("/ask")
    public HttpResponse<AnswerView> ask(@Body AskRequest request) throws InterruptedException {
        if (request.question() == null || request.question().isBlank()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "\"question\" is required");
        }
        if (request.question().length() > limits.maxQuestionChars()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "the question has " + request.question().length()
                    + " characters; at most " + limits.maxQuestionChars() + " (engram.limits.max-question-chars)");
        }
        Duration timeout = request.timeoutSeconds() == null ? limits.queryTimeout() : Duration.ofSeconds(request.timeoutSeconds());
        QueryClient.Question q = new QueryClient.Question(
                request.memoryId() == null ? "default" : request.memoryId(), request.question(),
                request.maxNewTokens() == null ? 32 : request.maxNewTokens(), request.asOfVersion());
        return service.queryClient().ask(q, timeout)
                .map(a -> HttpResponse.ok(AnswerView.of(a)))
                .orElseThrow(() -> new HttpStatusException(HttpStatus.GATEWAY_TIMEOUT, "no answer within " + timeout.toSeconds() + " s"));
    }

    /**
     * Publishes a feed given as the request body: JSON Lines or plain text, exactly as {@code engram ingest} reads
     * files.
     */
    @Post("/ingest")
    @Consumes({MediaType.TEXT_PLAIN, "application/x-ndjson", "application/jsonl", MediaType.APPLICATION_JSON})
    public IngestResult ingest(@Body String feed, @QueryValue(defaultValue = "news") String kind,
            @Nullable @QueryValue String memory, @QueryValue(defaultValue = "http") String source) throws IOException {
        FeedKind feedKind;
        try {
            feedKind = FeedKind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "kind must be news or conversation");
        }
        String topic = feedKind == FeedKind.NEWS ? service.topics().news() : service.topics().conversations();
        List<String> skipped = new ArrayList<>();
        FeedPublisher.Result result;
        try (FeedPublisher publisher = new FeedPublisher(service.sharedProducer(), false, topic, feedKind, memory)) {
            publisher.publish(new BufferedReader(new StringReader(feed)), source,
                    (line, reason) -> skipped.add("line " + line + ": " + reason), n -> { });
            result = publisher.finish();
        } catch (FeedPublisher.PublishFailedException e) {
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, e.getMessage());
        }
        return new IngestResult(topic, result.published(), skipped);
    }
}
