package engram.schemas.serde;

import engram.schemas.Answer;
import engram.schemas.AnswerStatus;
import engram.schemas.ConversationTurn;
import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.NewsArticle;
import engram.schemas.Query;
import engram.schemas.SourceCoordinates;
import engram.schemas.SourceKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Representative records of every type, with optional fields both set and unset. */
final class SampleRecords {
    static final Instant T = Instant.parse("2026-11-23T10:15:30.123Z");

    private SampleRecords() {}

    static SourceCoordinates coords(long offset) {
        return new SourceCoordinates("engram.news", 3, offset);
    }

    static NewsArticle article(boolean withOptionals) {
        return NewsArticle.newBuilder()
                .setId("a-17").setMemoryId("tenant.a").setSource("Vorland Herald")
                .setTitle("Quelmaris names a new CEO").setBody("Ada Brennik was appointed CEO of Quelmaris — héllo ✓ 東京.")
                .setPublishedAt(T)
                .setUrl(withOptionals ? "https://example.invalid/a-17" : null)
                .setLang(withOptionals ? "en" : null)
                .build();
    }

    static ConversationTurn turn() {
        return ConversationTurn.newBuilder().setConversationId("c-9").setMemoryId("default").setTurnIndex(4)
                .setSpeaker("Mira").setText("I moved to Ostrava last week.").setTime(T).build();
    }

    static MemoryUpdate update() {
        return MemoryUpdate.newBuilder().setUpdateId("engram.news/3/42#1of2").setMemoryId("tenant.a")
                .setSource(coords(42)).setSourceKind(SourceKind.NEWS).setSourceId("a-17")
                .setChunkIndex(1).setChunkCount(2).setText("Ada Brennik was appointed CEO.")
                .setTokenIds(List.of(5, 900, 17, 2047, 0)).setTokenizerId("sha256:0123456789abcdef")
                .setModelId("engram-tiny").setCreatedAt(T).build();
    }

    static MemoryVersion version() {
        return MemoryVersion.newBuilder().setMemoryId("tenant.a").setVersion(12L).setUpdateId("engram.news/3/42#1of2")
                .setUpdateLog(new SourceCoordinates("engram.updates", 0, 11L)).setSource(coords(42)).setSourceId("a-17")
                .setTokenCount(5).setDropSeed(-7_000_000_000L).setPoolChecksum("sha256:ab").setModelId("engram-tiny")
                .setAppliedAt(T).setDurationMicros(12_345L).build();
    }

    static Query query(boolean withOptionals) {
        return Query.newBuilder().setRequestId("q-1").setMemoryId("tenant.a").setQuestion("Who is the CEO of Quelmaris?")
                .setMaxNewTokens(16).setAsOfVersion(withOptionals ? 7L : null)
                .setDeadline(withOptionals ? T.plusSeconds(30) : null).setCreatedAt(T).build();
    }

    static Answer answer(boolean ok) {
        return Answer.newBuilder().setRequestId("q-1").setMemoryId("tenant.a")
                .setStatus(ok ? AnswerStatus.OK : AnswerStatus.REJECTED)
                .setAnswer(ok ? " Ada Brennik" : "").setReason(ok ? null : "unknown memory id 'nope'")
                .setMemoryVersion(ok ? 12L : null).setTokensGenerated(ok ? 3 : 0).setLatencyMillis(40L)
                .setAnsweredAt(T).build();
    }

    static DeadLetter deadLetter(boolean withBytes) {
        return DeadLetter.newBuilder().setSource(coords(43))
                .setKey(withBytes ? ByteBuffer.wrap("k".getBytes(StandardCharsets.UTF_8)) : null)
                .setValue(withBytes ? ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x7f}) : null)
                .setErrorKind("BAD_HEADER").setErrorMessage("not Avro").setFailedAt(T).build();
    }
}
