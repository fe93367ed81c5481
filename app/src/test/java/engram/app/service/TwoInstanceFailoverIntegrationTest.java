package engram.app.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.app.ask.QueryClient;
import engram.app.config.TopicSettings;
import engram.app.kafka.EmbeddedKafka;
import engram.app.kafka.FreePorts;
import engram.app.testing.Cli;
import engram.app.testing.CommittedRecords;
import engram.app.testing.RunningService;
import engram.app.testing.ServiceProcess;
import engram.app.testing.TinyModelFolder;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.serde.AvroCodec;
import engram.topology.engine.MemoryLLMEngine;
import engram.topology.engine.UpdateInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the service on one broker, with the default partition count of a cluster: both own apply tasks
 * and so memories; then one of them, running in its own JVM, is killed with SIGKILL. The survivor takes its
 * partitions over and answers every memory at the version it had, and the next update of every memory has the
 * checksum of an engine that applied the whole log without interruption, so the restored pools are the ones the
 * killed instance had. The instances share the snapshot folder (a shared volume, as the app README recommends) and
 * have their own Streams state folders and HTTP ports.
 */
class TwoInstanceFailoverIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String APPLICATION_ID = "engram"; // the topic prefix, shared by both instances
    private static final String UPDATES = "engram.updates";
    private static final int ARTICLES_BEFORE = 3;
    private static final int MEMORIES_EACH = 2;

    @TempDir
    Path dir;

    @Test
    void theSurvivorOfAKill9AnswersEveryMemoryAtTheVersionAndChecksumItHad() throws Exception {
        Path model = TinyModelFolder.write(dir.resolve("model"));
        try (EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pair(), dir.resolve("broker")).start()) {
            Map<String, Object> shared = new HashMap<>(Map.of(
                    "engram.kafka.bootstrap-servers", broker.bootstrapServers(),
                    "engram.test.engine", "real",
                    "engram.model.path", model.toString(),
                    "engram.model.device", "cpu",
                    "engram.pool.snapshot-dir", dir.resolve("pools").toString(),
                    "engram.pool.snapshot-every", 2,
                    // the group notices a dead instance after this (the consumer default is 45 s; 6 s is the
                    // broker's minimum): the README's advice for a quick failover
                    "engram.kafka.properties.session.timeout.ms", 6000,
                    "micronaut.server.port", -1));
            Map<String, Object> second = new HashMap<>(shared);
            second.put("engram.state-dir", dir.resolve("streams-b").toString());
            Map<String, Object> first = new HashMap<>(shared);
            first.put("engram.state-dir", dir.resolve("streams-a").toString());

            try (ServiceProcess b = ServiceProcess.launch(second, dir.resolve("instance-b.log"));
                 RunningService a = RunningService.start(first);
                 Admin admin = admin(broker)) {
                b.awaitRunning(WAIT);
                int partitions = TopicSettings.CLUSTER_PARTITIONS;
                assertEquals(partitions, admin.describeTopics(List.of(UPDATES)).allTopicNames().get()
                        .get(UPDATES).partitions().size(), "the default partition count on a cluster");
                Map<String, Set<Integer>> owners = awaitOwners(admin, o -> o.size() == 2
                        && o.values().stream().allMatch(p -> !p.isEmpty()), "both instances owning apply tasks");

                List<String> memories = new ArrayList<>();
                owners.values().forEach(owned -> memories.addAll(memoriesOn(owned, partitions, MEMORIES_EACH)));
                ingest(broker, memories, 0, ARTICLES_BEFORE);
                List<MemoryVersion> before = awaitVersions(broker, memories.size() * ARTICLES_BEFORE);
                Map<String, MemoryVersion> last = lastVersions(before);
                memories.forEach(m -> assertEquals(ARTICLES_BEFORE, last.get(m).getVersion(), m));
                Map<String, Set<Integer>> atKill = awaitOwners(admin, o -> o.size() == 2 && o.values().stream()
                        .allMatch(owned -> memories.stream().anyMatch(m -> owned.contains(partitionOf(m, partitions)))),
                        "both instances owning memories");

                long killed = System.nanoTime();
                b.kill9();
                Map<String, Set<Integer>> after = awaitOwners(admin, o -> o.size() == 1
                        && o.values().iterator().next().size() == partitions, "the survivor owning every partition");
                long tookOver = System.nanoTime();
                Set<Integer> takenOver = new TreeSet<>(atKill.get(otherThan(atKill, after.keySet())));
                for (String memory : memories) {
                    Answer answer = ask(a, memory);
                    assertEquals(AnswerStatus.OK, answer.getStatus(), () -> memory + ": " + answer);
                    assertEquals(last.get(memory).getVersion(), answer.getMemoryVersion(), memory + " (partition "
                            + partitionOf(memory, partitions) + ", taken over: " + takenOver + ") at its version");
                }
                System.out.printf("killed the instance owning partitions %s; the survivor owned them %.1f s later"
                        + " and had answered all %d memories %.1f s after the kill%n", takenOver,
                        (tookOver - killed) / 1e9, memories.size(), (System.nanoTime() - killed) / 1e9);

                ingest(broker, memories, ARTICLES_BEFORE, ARTICLES_BEFORE + 1);
                awaitVersions(broker, memories.size() * (ARTICLES_BEFORE + 1));
                List<MemoryVersion> all = CommittedRecords.read(broker.bootstrapServers(), "engram.versions",
                        new AvroCodec<>(MemoryVersion.class)); // and nothing announced twice after those
                assertTrue(all.containsAll(before), "the versions announced before the kill stay as they were");
                List<MemoryUpdate> updates = CommittedRecords.read(broker.bootstrapServers(), UPDATES,
                        new AvroCodec<>(MemoryUpdate.class));
                assertEqualsUninterrupted(model, updates, all);
            }
        }
    }

    /** The instance in {@code owners} that is not among {@code survivors}. */
    private static String otherThan(Map<String, Set<Integer>> owners, Set<String> survivors) {
        return owners.keySet().stream().filter(p -> !survivors.contains(p)).findFirst()
                .orElseThrow(() -> new AssertionError("the survivor is not one of the instances " + owners.keySet()));
    }

    /** {@code count} memory ids whose partition (by the default partitioner, as producers use) is in {@code owned}. */
    private static List<String> memoriesOn(Set<Integer> owned, int partitions, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            if (owned.contains(partitionOf("memory-" + i, partitions))) {
                out.add("memory-" + i);
            }
        }
        return out;
    }

    private static int partitionOf(String memoryId, int partitions) {
        return Utils.toPositive(Utils.murmur2(memoryId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private void ingest(EmbeddedKafka broker, List<String> memories, int from, int to) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int n = from; n < to; n++) {
            for (String memory : memories) {
                lines.append("{\"id\":\"").append(memory).append("-article-").append(n).append("\",\"memoryId\":\"")
                        .append(memory).append("\",\"body\":\"Report ").append(n).append(" for ").append(memory)
                        .append(": the harbour office counted ").append(7 * n + memory.length())
                        .append(" ships on the north quay.\"}\n");
            }
        }
        Path feed = Files.writeString(dir.resolve("feed-" + from + ".jsonl"), lines.toString());
        Cli ingest = Cli.run("ingest", "--bootstrap", broker.bootstrapServers(), feed.toString());
        assertEquals(0, ingest.exitCode(), ingest::toString);
    }

    private static Answer ask(RunningService instance, String memory) throws InterruptedException {
        return instance.started.service().queryClient()
                .ask(new QueryClient.Question(memory, "How many ships were counted?", 4, null), WAIT)
                .orElseThrow(() -> new AssertionError("no answer for " + memory + " within " + WAIT));
    }

    /**
     * The Streams group's active owners of the updates topic's partitions, by instance (the process id in each
     * member's client id), once {@code settled} holds.
     */
    private static Map<String, Set<Integer>> awaitOwners(Admin admin, Predicate<Map<String, Set<Integer>>> settled,
                                                         String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Set<Integer>> owners = Map.of();
        while (System.nanoTime() < deadline) {
            owners = new TreeMap<>();
            var group = admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get().get(APPLICATION_ID);
            for (MemberDescription member : group.members()) {
                String process = member.clientId().replaceAll("-StreamThread-\\d+-consumer$", "");
                Set<Integer> owned = owners.computeIfAbsent(process, p -> new TreeSet<>());
                member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(UPDATES))
                        .forEach(tp -> owned.add(tp.partition()));
            }
            if (group.groupState() == GroupState.STABLE && settled.test(owners)) {
                return owners;
            }
            Thread.sleep(200); // polling the group's state with a deadline
        }
        throw new AssertionError("not reached within " + WAIT + ": " + what + "; owners " + owners);
    }

    private static void assertEqualsUninterrupted(Path model, List<MemoryUpdate> updates, List<MemoryVersion> versions)
            throws Exception {
        Map<String, List<MemoryVersion>> byMemory = new LinkedHashMap<>();
        versions.forEach(v -> byMemory.computeIfAbsent(v.getMemoryId(), m -> new ArrayList<>()).add(v));
        Map<String, Integer> next = new HashMap<>();
        try (MemoryLLMEngine uninterrupted = new MemoryLLMEngine(MemoryLLM.load(model, EngineOptions.cpu()))) {
            for (MemoryUpdate u : updates) { // one memory's updates are on one partition, in log order
                int index = next.merge(u.getMemoryId(), 1, Integer::sum) - 1;
                MemoryVersion announced = byMemory.get(u.getMemoryId()).get(index);
                String checksum = uninterrupted.selfUpdate(u.getMemoryId(), UpdateInput.of(u)).poolChecksum();
                assertEquals(index + 1, announced.getVersion(), u.getMemoryId() + ": versions 1..n, each once");
                assertEquals(u.getUpdateId(), announced.getUpdateId());
                assertEquals(checksum, announced.getPoolChecksum(), u.getMemoryId() + " version " + (index + 1));
            }
        }
        assertEquals(versions.size(), updates.size(), "one version per update");
    }

    private static Map<String, MemoryVersion> lastVersions(List<MemoryVersion> versions) {
        Map<String, MemoryVersion> last = new HashMap<>();
        versions.forEach(v -> last.merge(v.getMemoryId(), v, (x, y) -> y.getVersion() > x.getVersion() ? y : x));
        return last;
    }

    private static List<MemoryVersion> awaitVersions(EmbeddedKafka broker, int count) {
        return CommittedRecords.await(broker.bootstrapServers(), "engram.versions",
                new AvroCodec<>(MemoryVersion.class), count, WAIT);
    }

    private static Admin admin(EmbeddedKafka broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
