package engram.topology.apply;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of {@link MemoryState} in the state store and its changelog: a format byte, then version,
 * last update id, and the marks. Internal to the topology, so it needs no schema evolution beyond the byte.
 */
public final class MemoryStateSerde implements Serde<MemoryState> {

    private static final byte FORMAT = 1;

    @Override
    public Serializer<MemoryState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<MemoryState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(MemoryState state) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(state.version());
            out.writeUTF(state.lastUpdateId());
            out.writeInt(state.appliedUpTo().size());
            for (Map.Entry<String, MemoryState.SourcePosition> mark : new TreeMap<>(state.appliedUpTo()).entrySet()) {
                out.writeUTF(mark.getKey());
                out.writeLong(mark.getValue().offset());
                out.writeInt(mark.getValue().chunkIndex());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MemoryState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("memory state format " + format + " is not known to this build");
            }
            long version = in.readLong();
            String lastUpdateId = in.readUTF();
            int marks = in.readInt();
            Map<String, MemoryState.SourcePosition> appliedUpTo = new TreeMap<>();
            for (int i = 0; i < marks; i++) {
                appliedUpTo.put(in.readUTF(), new MemoryState.SourcePosition(in.readLong(), in.readInt()));
            }
            return new MemoryState(version, lastUpdateId, appliedUpTo);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt memory state", e);
        }
    }
}
