package engram.topology.recovery;

import engram.topology.TopologyConfig;
import engram.topology.durability.SnapshotPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The process the crash harness kills: the topology, a tiny real engine and durability, as the service runs them,
 * until it is killed. Arguments: bootstrap servers, topic prefix, partitions, model folder, snapshot folder, state
 * folder, snapshot every N updates.
 *
 * <p>Short group and transaction timeouts, so that a restarted child gets its partitions back, and the killed
 * child's open transaction is aborted, in seconds rather than the defaults' 45 s / 60 s.
 */
public final class CrashChild {

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        TopologyConfig config = TopologyConfig.defaults().withPrefix(args[1]).withPartitions(Integer.parseInt(args[2]));
        Map<String, Object> quick = Map.of(
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 2000,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500,
                StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 3000);
        DurableService service = new DurableService(args[0], config, Path.of(args[3]), Path.of(args[4]),
                Path.of(args[5]), SnapshotPolicy.everyUpdates(Long.parseLong(args[6])), quick);
        System.out.println("CHILD STARTED");
        System.out.flush();
        while (service.failure.get() == null) {
            Thread.sleep(200); // idle until killed; the stream thread does the work
        }
        System.out.println("CHILD FAILED " + service.failure.get());
        service.failure.get().printStackTrace(System.out);
        System.out.flush();
        System.exit(3);
    }
}
