package engram.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.testing.KafkaTestBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

    private static KafkaTestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaTestBroker.shared();
    }

    @Test
    void createsEveryMissingTopicWithItsSettingsAndIsIdempotent() throws Exception {
        TopologyConfig config = TopologyConfig.defaults().withPrefix("setup-fresh").withPartitions(3);
        try (Admin admin = broker.admin()) {
            List<String> created = TopicSetup.ensure(admin, config);
            assertEquals(config.topics().all(), created);
            Map<String, TopicDescription> described = admin.describeTopics(config.topics().all()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            described.values().forEach(d -> assertEquals(3, d.partitions().size(), d.name()));
            Config updates = config(admin, config.topics().updates());
            assertEquals("-1", updates.get(TopicConfig.RETENTION_MS_CONFIG).value());
            assertEquals("-1", updates.get(TopicConfig.RETENTION_BYTES_CONFIG).value());
            assertEquals("delete", updates.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
            assertEquals(String.valueOf(TopicSetup.deadLetterMaxMessageBytes(config)),
                    config(admin, config.topics().deadLetters()).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());

            assertEquals(List.of(), TopicSetup.ensure(admin, config), "a second run creates nothing");
        }
    }

    @Test
    void queriesAndUpdatesWithDifferentPartitionCountsFailWithAClearMessage() throws Exception {
        TopologyConfig config = TopologyConfig.defaults().withPrefix("setup-copart").withPartitions(2);
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(config.topics().queries(), 5, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
            TopicSetup.IncompatibleTopicsException e = assertThrows(TopicSetup.IncompatibleTopicsException.class,
                    () -> TopicSetup.ensure(admin, config));
            assertTrue(e.getMessage().contains("setup-copart.queries has 5 partitions but setup-copart.updates has 2"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("co-partitioned"), e.getMessage());
        }
    }

    @Test
    void anUpdatesTopicThatForgetsFailsWithEveryProblemNamed() throws Exception {
        TopologyConfig config = TopologyConfig.defaults().withPrefix("setup-retention");
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(config.topics().updates(), 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, "compact",
                    TopicConfig.RETENTION_MS_CONFIG, "604800000")))).all().get(30, TimeUnit.SECONDS);
            TopicSetup.IncompatibleTopicsException e = assertThrows(TopicSetup.IncompatibleTopicsException.class,
                    () -> TopicSetup.ensure(admin, config));
            assertTrue(e.getMessage().contains("cleanup.policy=compact"), e.getMessage());
            assertTrue(e.getMessage().contains("retention.ms=604800000"), e.getMessage());
            assertTrue(e.getMessage().contains("set retention.ms=-1"), e.getMessage());
        }
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }
}
