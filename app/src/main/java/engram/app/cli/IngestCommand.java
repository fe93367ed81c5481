package engram.app.cli;

import engram.app.feed.FeedKind;
import engram.app.feed.FeedPublisher;
import engram.app.kafka.KafkaClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram ingest}: publishes feed files (JSON Lines or plain text) to the news or conversations topic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Publish news or conversation records for the service to memorise.",
            "JSON Lines (one object per line, fields of NewsArticle or ConversationTurn) or plain text "
                + "(news: one article per paragraph; conversation: one 'speaker: text' turn per line)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every record published", "1:some lines were not usable (reported on stderr)",
            "2:bad usage, Kafka unreachable, or the broker refused records"})
public final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--memory", paramLabel = "M",
            description = "Memory to write into (default: each record's memoryId, else 'default').")
    String memory;

    @Option(names = "--kind", paramLabel = "news|conversation", defaultValue = "news",
            description = "What the files hold (default: ${DEFAULT-VALUE}).")
    FeedKind kind;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Feed files; '-' reads standard input.")
    List<String> files;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = err();
        for (String f : files) {
            if (!f.equals("-") && !Files.isRegularFile(Path.of(f))) {
                err.println("engram ingest: no such file: " + f);
                return 2;
            }
        }
        KafkaClients clients = kafka.connect();
        String topic = kind == FeedKind.NEWS ? kafka.topics().news() : kafka.topics().conversations();
        clients.requireTopics(List.of(topic));

        ProgressBar progress = new ProgressBar(err, totalLines(), "line");
        FeedPublisher.Result result;
        try (FeedPublisher publisher = new FeedPublisher(clients.producer(), topic, kind, memory)) {
            for (String f : files) {
                try (BufferedReader in = open(f)) {
                    publisher.publish(in, f.equals("-") ? "stdin" : Path.of(f).getFileName().toString(),
                            (line, reason) -> progress.message(f + ":" + line + ": skipped: " + reason),
                            progress::update);
                }
            }
            result = publisher.finish();
        } catch (FeedPublisher.PublishFailedException e) {
            progress.message("engram ingest: " + e.getMessage());
            return 2;
        }
        progress.finish(result.linesRead());
        err.println("published " + result.published() + " record" + (result.published() == 1 ? "" : "s") + " to "
                + topic + (result.badLines() > 0 ? " (" + result.badLines() + " unusable lines skipped)" : ""));
        return result.badLines() > 0 ? 1 : 0;
    }

    private long totalLines() throws IOException {
        long total = 0;
        for (String f : files) {
            if (f.equals("-")) {
                return 0; // standard input: unknown length
            }
            try (Stream<String> lines = Files.lines(Path.of(f), StandardCharsets.UTF_8)) {
                total += lines.count();
            }
        }
        return total;
    }

    private static BufferedReader open(String f) throws IOException {
        return f.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(f), StandardCharsets.UTF_8);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
