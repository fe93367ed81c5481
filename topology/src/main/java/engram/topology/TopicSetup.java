package engram.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Engram topics that are missing and checks the ones that exist, before the streams start.
 *
 * <p>Rules: queries and updates must have the same partition count (the task that owns a memory's updates
 * must also receive its questions); the updates topic is the audit log, so it must keep everything
 * ({@code retention.ms=-1}, {@code retention.bytes=-1}) and must not be compacted (compaction by memory id would
 * keep only the last update of each memory). A violation fails at start with {@link IncompatibleTopicsException}
 * naming the topic, the setting found and the setting needed; nothing is changed on existing topics. Existing topics
 * with another partition count than configured are used as they are (a memory's partition must not change), with a
 * warning: the count is the most instances that can share the work.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 30;

    private TopicSetup() {}

    /** Thrown when an existing topic cannot be used as configured; the message lists every problem. */
    public static final class IncompatibleTopicsException extends IllegalStateException {
        public IncompatibleTopicsException(List<String> problems) {
            super("Engram topics are incompatible with this configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Topic settings the updates topic is created with (and must have when it exists). */
    public static Map<String, String> updatesTopicConfig() {
        return Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }

    /**
     * A dead letter carries the rejected record's value (cut to {@code maxRecordBytes}) plus its key and a reason;
     * the dead-letter topic is created to accept that, above the broker's 1 MiB default if need be.
     */
    public static int deadLetterMaxMessageBytes(TopologyConfig config) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * config.maxRecordBytes() + 65_536);
    }

    /**
     * Creates missing topics and validates existing ones.
     *
     * @return the names of the topics this call created
     * @throws IncompatibleTopicsException when existing topics cannot be used
     */
    public static List<String> ensure(Admin admin, TopologyConfig config) {
        Topics topics = config.topics();
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (!existing.contains(name)) {
                    NewTopic topic = new NewTopic(name, config.partitions(), config.replicationFactor());
                    if (name.equals(topics.updates())) {
                        topic.configs(updatesTopicConfig());
                    } else if (name.equals(topics.deadLetters())) {
                        topic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                String.valueOf(deadLetterMaxMessageBytes(config))));
                    }
                    missing.add(topic);
                }
            }
            List<String> created = new ArrayList<>();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // another instance may have created them at the same moment; the checks below decide
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                missing.forEach(topic -> created.add(topic.name()));
            }
            checkOnceVisible(admin, config);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot set up Engram topics: " + cause, cause);
        }
    }

    /** Topics just created take a moment to appear in every broker's metadata; retry until then. */
    private static void checkOnceVisible(Admin admin, TopologyConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                check(admin, config);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // back off before asking the brokers again
            }
        }
    }

    private static void check(Admin admin, TopologyConfig config)
            throws InterruptedException, ExecutionException, TimeoutException {
        Topics topics = config.topics();
        Map<String, TopicDescription> descriptions = admin.describeTopics(List.of(topics.queries(), topics.updates()))
                .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> problems = new ArrayList<>();
        int queryPartitions = descriptions.get(topics.queries()).partitions().size();
        int updatePartitions = descriptions.get(topics.updates()).partitions().size();
        if (queryPartitions != updatePartitions) {
            problems.add(topics.queries() + " has " + queryPartitions + " partitions but " + topics.updates()
                    + " has " + updatePartitions + ": they must be co-partitioned (same count) so the task that owns"
                    + " a memory also receives its questions");
        } else if (updatePartitions != config.partitions()) {
            // not an error: existing topics are never changed, and a memory's partition must not change either
            LOG.warn("{} has {} partition(s), not the {} configured: the setting applies only to topics created;"
                    + " at most {} instance(s) can share this deployment's work", topics.updates(), updatePartitions,
                    config.partitions(), updatePartitions);
        }
        ConfigResource updates = new ConfigResource(ConfigResource.Type.TOPIC, topics.updates());
        Config updatesConfig = admin.describeConfigs(List.of(updates)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(updates);
        Map<String, String> found = new HashMap<>();
        updatesConfig.entries().forEach(entry -> found.put(entry.name(), entry.value()));
        String policy = found.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        if (policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            problems.add(topics.updates() + " has cleanup.policy=" + policy + ": the update log must not be compacted"
                    + " (it would keep only the last update of each memory); use cleanup.policy=delete");
        }
        for (String key : List.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG)) {
            String value = found.get(key);
            if (value != null && !"-1".equals(value)) {
                problems.add(topics.updates() + " has " + key + "=" + value + ": the update log is the audit"
                        + " record and must keep everything; set " + key + "=-1");
            }
        }
        if (!problems.isEmpty()) {
            throw new IncompatibleTopicsException(problems);
        }
    }
}
