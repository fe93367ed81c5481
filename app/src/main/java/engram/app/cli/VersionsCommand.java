package engram.app.cli;

import engram.app.kafka.KafkaClients;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.schemas.serde.UndecodableRecordException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code engram versions}: the memory-version events, one line per applied update. */
@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "List memory versions (one per applied update) from the versions topic.")
public final class VersionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--memory", paramLabel = "M", description = "Only this memory (default: all).")
    String memory;

    @Option(names = "--follow", description = "Keep printing new versions until interrupted (Ctrl-C).")
    boolean follow;

    @Override
    public Integer call() {
        KafkaClients clients = kafka.connect();
        String topic = kafka.topics().versions();
        clients.requireTopics(List.of(topic));
        AvroCodec<MemoryVersion> codec = new AvroCodec<>(MemoryVersion.class);
        long printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer()) {
            List<TopicPartition> partitions = KafkaClients.partitions(consumer, List.of(topic));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            out().println(String.format("%-16s %8s %6s  %-19s  %-24s  %s", "MEMORY", "VERSION", "TOKENS", "APPLIED", "SOURCE", "CHECKSUM"));
            while (follow || !reached(consumer, end)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    MemoryVersion v;
                    try {
                        v = codec.decode(r.value());
                    } catch (UndecodableRecordException | NullPointerException e) {
                        continue;
                    }
                    if (memory == null || memory.equals(v.getMemoryId())) {
                        out().println(format(v));
                        printed++;
                    }
                }
                out().flush();
            }
        }
        if (printed == 0) {
            err().println("no versions yet" + (memory == null ? "" : " for memory " + memory));
        }
        return 0;
    }

    static String format(MemoryVersion v) {
        String applied = v.getAppliedAt().toString().replace('T', ' ');
        return String.format("%-16s %8d %6d  %-19.19s  %-24.24s  %s", v.getMemoryId(), v.getVersion(),
                v.getTokenCount(), applied, v.getSourceId(), v.getPoolChecksum());
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
