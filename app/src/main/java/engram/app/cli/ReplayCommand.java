package engram.app.cli;

import engram.app.kafka.KafkaClients;
import engram.engine.EngineOptions;
import engram.engine.MemoryLLM;
import engram.topology.durability.AuditReport;
import engram.topology.durability.Exclusions;
import engram.topology.durability.Forgetting;
import engram.topology.durability.LogAccess;
import engram.topology.durability.ReplayProgress;
import engram.topology.durability.ReplayRequest;
import engram.topology.durability.ReplayResult;
import engram.topology.durability.Replayer;
import engram.topology.durability.SnapshotStore;
import engram.topology.durability.StoredSnapshot;
import engram.topology.engine.MemoryEngine;
import engram.topology.engine.MemoryLLMEngine;
import java.io.IOException;
import java.io.PrintWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engram replay}: rebuilds a memory from the updates topic (from its nearest snapshot), optionally checks
 * every rebuilt version against the versions topic, and optionally leaves updates out (forgetting). Runs beside
 * the service, on its own load of the model; the service's pools are not touched.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuild a memory from the update log: audit it (--verify), rebuild an earlier version",
            "(--to-version), or rebuild it without some updates or sources (--exclude) into a file or a new memory."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:complete", "1:diverged from the versions topic (the first divergence is printed)",
            "2:bad usage or Kafka unreachable", "3:incomplete: the log holds fewer versions than asked"})
public final class ReplayCommand implements Callable<Integer> {

    static final int DIVERGED = 1;
    static final int USAGE = 2;
    static final int INCOMPLETE = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--memory", paramLabel = "M", required = true, description = "The memory to rebuild.")
    String memory;

    @Option(names = "--to-version", paramLabel = "V", description = "Stop at this version (default: the latest "
            + "announced one with --verify, else the end of the log).")
    Long toVersion;

    @Option(names = "--verify", description = "Compare every rebuilt version's checksum and update id with the "
            + "versions topic; stop at the first divergence.")
    boolean verify;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the rebuilt pool as a snapshot file "
            + "(safetensors, with metadata saying what it is).")
    Path out;

    @Option(names = "--exclude", paramLabel = "UPDATE_ID|SOURCE", split = ",", description = {"Leave out this "
            + "update, or every update cut from this source id (repeatable, or comma-separated).",
        "The versions before the first excluded update are verified."})
    List<String> exclude = new ArrayList<>();

    @Option(names = "--install-as", paramLabel = "NEW_ID", description = "File the rebuilt pool in the snapshot "
            + "folder as the start of a new memory NEW_ID (the original stays as it is).")
    String installAs;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder the service runs (default: the "
            + "bundled model).")
    Path model;

    @Option(names = "--snapshot-dir", paramLabel = "DIR",
            defaultValue = "${env:ENGRAM_POOL_SNAPSHOT_DIR:-.engram/pools}",
            description = "The service's snapshot folder, to start from the nearest snapshot (default: ${DEFAULT-VALUE}).")
    Path snapshotDir;

    @Option(names = "--no-snapshots", description = "Rebuild from the initial pool, ignoring snapshots.")
    boolean noSnapshots;

    @Option(names = "--threads", defaultValue = "1", description = "Torch threads (default: ${DEFAULT-VALUE}).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (installAs != null && exclude.isEmpty()) {
            err().println("engram replay: --install-as needs --exclude (a faithful copy of a memory is not a new one)");
            return USAGE;
        }
        if (!exclude.isEmpty() && toVersion != null) {
            err().println("engram replay: --exclude rebuilds up to the latest version; --to-version cannot be combined");
            return USAGE;
        }
        KafkaClients clients = kafka.connect();
        clients.requireTopics(List.of(kafka.topics().updates(), kafka.topics().versions()));
        TorchThreads.set(threads);
        Path dir = model != null ? model : BundledModel.path();
        try (MemoryEngine engine = new MemoryLLMEngine(MemoryLLM.load(dir, EngineOptions.defaults()))) {
            SnapshotStore store = noSnapshots && installAs == null ? null : new SnapshotStore(engine, snapshotDir, 3);
            Replayer replayer = new Replayer(engine,
                    new LogAccess(clients.common(), kafka.topics().updates(), kafka.topics().versions()), store);
            ReplayRequest request = request();
            if (noSnapshots) {
                request = request.withSnapshots(false);
            }
            ReplayResult result = replayWithProgress(replayer, request);
            try {
                AuditReport.lines(result).forEach(out()::println);
                if (result.outcome() == ReplayResult.Outcome.DIVERGED) {
                    return DIVERGED;
                }
                if (result.outcome() != ReplayResult.Outcome.COMPLETE) {
                    return INCOMPLETE;
                }
                if (out != null) {
                    replayer.write(result, out);
                    out().println("  wrote version " + result.version() + " to " + out);
                }
                if (installAs != null) {
                    StoredSnapshot saved = new Forgetting(replayer).installAs(result, installAs);
                    out().println("  memory " + installAs + " starts at version " + saved.version() + " from "
                            + saved.file() + "; updates sent to it from now on apply on top");
                }
                return 0;
            } finally {
                result.pool().close();
            }
        }
    }

    private ReplayRequest request() {
        ReplayRequest request = ReplayRequest.of(memory).withVerify(verify);
        if (toVersion != null) {
            request = request.withToVersion(toVersion);
        }
        if (!exclude.isEmpty()) {
            // a value names an update id or a source id: both are derived ids that do not collide
            Set<String> named = Set.copyOf(exclude);
            request = request.excluding(new Exclusions(named, named));
        }
        return request;
    }

    private ReplayResult replayWithProgress(Replayer replayer, ReplayRequest request) {
        PrintWriter err = err();
        ProgressBar[] bar = new ProgressBar[1];
        long[] last = new long[1];
        ReplayResult result = replayer.replay(request, (ReplayProgress p) -> {
            if (bar[0] == null) {
                bar[0] = new ProgressBar(err, p.fraction() < 0 ? 0 : p.targetVersion() - p.startVersion(),
                        "update");
            }
            last[0] = p.version() - p.startVersion();
            bar[0].update(last[0], String.format("%.1f updates/s", p.updatesPerSecond()));
        });
        if (bar[0] != null) {
            bar[0].finish(last[0]);
        }
        return result;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

}
