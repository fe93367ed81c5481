package engram.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.topology.testing.RecordingMemoryEngine;
import engram.topology.testing.TestEngines;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class EngramTopologyTest {

    @Test
    void ingestAndApplyAreSeparateSubTopologiesJoinedOnlyByTheUpdatesTopic() {
        TopologyConfig config = TopologyConfig.defaults();
        try (RecordingMemoryEngine engine = TestEngines.recording()) {
            TopologyDescription description = EngramTopology.build(config, engine).describe();
            assertEquals(2, description.subtopologies().size(), description.toString());
            Topics t = config.topics();
            List<Set<String>> sources = description.subtopologies().stream().map(sub -> sub.nodes().stream()
                    .filter(node -> node instanceof TopologyDescription.Source)
                    .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                    .collect(Collectors.toSet())).toList();
            assertTrue(sources.contains(Set.of(t.news(), t.conversations())), sources.toString());
            assertTrue(sources.contains(Set.of(t.updates(), t.queries())), sources.toString());
        }
    }

    @Test
    void streamsRunExactlyOnce() {
        Properties props = StreamsProperties.build(TopologyConfig.defaults(), "broker:9092", "/tmp/state",
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("engram", props.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(2, props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG), "overrides are applied");
    }

    @Test
    void topicNamesShareAPrefixAndConfigRejectsNonsense() {
        Topics topics = TopologyConfig.defaults().withPrefix("acme").topics();
        assertEquals(List.of("acme.news", "acme.conversations", "acme.queries", "acme.updates", "acme.versions",
                "acme.answers", "acme.deadletters"), topics.all());
        assertThrows(IllegalArgumentException.class, () -> TopologyConfig.defaults().withPartitions(0));
        assertThrows(IllegalArgumentException.class, () -> TopologyConfig.defaults().withMaxChunkTokens(4));
        assertThrows(IllegalArgumentException.class, () -> TopologyConfig.defaults().withMaxNewTokens(0));
        assertThrows(IllegalArgumentException.class, () -> TopologyConfig.defaults().withPrefix("bad prefix"));
    }
}
