package engram.app.cli;

import engram.app.api.AnswerView;
import engram.app.ask.QueryClient;
import engram.app.kafka.KafkaClients;
import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram ask}: one question, answered from the current memory, with the version it was answered on. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Ask a memory a question and print the answer and the memory version it came from.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered", "2:bad usage or Kafka unreachable", "3:the query was rejected",
            "4:answering failed", "5:no answer within the timeout"})
public final class AskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    static final int REJECTED = 3;
    static final int FAILED = 4;
    static final int TIMED_OUT = 5;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--memory", paramLabel = "M", defaultValue = "default",
            description = "Memory to ask (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "30",
            description = "Seconds to wait for the answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "32",
            description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--as-of", paramLabel = "VERSION", description = "Answer from the memory as it was at this version.")
    Long asOfVersion;

    @Option(names = "--json", description = "Print the whole answer as one JSON object.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "The question (words are joined by spaces).")
    List<String> words;

    @Override
    public Integer call() throws InterruptedException, IOException {
        KafkaClients clients = kafka.connect();
        clients.requireTopics(List.of(kafka.topics().queries(), kafka.topics().answers()));
        QueryClient client = new QueryClient(clients, kafka.topics().queries(), kafka.topics().answers());
        Optional<Answer> answer = client.ask(
                new QueryClient.Question(memory, String.join(" ", words), maxNewTokens, asOfVersion),
                Duration.ofSeconds(timeoutSeconds));
        if (answer.isEmpty()) {
            err().println("engram ask: no answer within " + timeoutSeconds + " s (is the service running and caught up?)");
            return TIMED_OUT;
        }
        Answer a = answer.get();
        if (json) {
            out().println(ObjectMapper.getDefault().writeValueAsString(AnswerView.of(a)));
        } else if (a.getStatus() == AnswerStatus.OK) {
            out().println(a.getAnswer());
            out().println("(memory " + a.getMemoryId() + ", version " + a.getMemoryVersion() + ", "
                    + a.getLatencyMillis() + " ms)");
        } else {
            err().println("engram ask: " + a.getStatus() + ": " + a.getReason());
        }
        return switch (a.getStatus()) {
            case OK -> 0;
            case REJECTED -> REJECTED;
            case FAILED -> FAILED;
        };
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
