package engram.app.feed;

import engram.schemas.ConversationTurn;
import engram.schemas.NewsArticle;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns a feed file into Engram records. Two formats:
 *
 * <ul>
 *   <li><b>JSON Lines</b> (a line starting with <code>{</code>): one object per line with the fields of
 *       {@code NewsArticle} ({@code id, title, body, source, publishedAt, url, lang, memoryId}) or of
 *       {@code ConversationTurn} ({@code conversationId, turnIndex, speaker, text, time, memoryId}); only the
 *       text ({@code body}/{@code text}) is required, the rest gets defaults from the file name and position.
 *   <li><b>Plain text</b>: for news, each paragraph (lines up to a blank line) is one article; for conversations,
 *       each line {@code speaker: text} is one turn.
 * </ul>
 *
 * A line that cannot be used is reported to the sink with its line number and does not stop the reading.
 */
public final class FeedReader {
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    /** Receives what the reader makes of a file, in order. */
    public interface Sink {
        void record(String memoryId, SpecificRecord record);

        void badLine(int lineNumber, String reason);
    }

    private final ObjectMapper json = ObjectMapper.getDefault();
    private final FeedKind kind;
    private final String memoryOverride;
    private final String sourceName;
    private int sequence; // next conversation turn index when a line gives none

    /**
     * @param memoryOverride the memory every record goes to, or null to use each record's own (default
     *     {@code default})
     * @param sourceName names the feed (the file name) in generated ids and as the default news source
     */
    public FeedReader(FeedKind kind, String memoryOverride, String sourceName) {
        this.kind = kind;
        this.memoryOverride = memoryOverride;
        this.sourceName = sourceName;
    }

    public void read(BufferedReader in, Sink sink) throws IOException {
        List<String> paragraph = new ArrayList<>();
        int paragraphStart = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.startsWith("{")) {
                paragraphStart = flushParagraph(paragraph, paragraphStart, sink);
                int at = lineNumber;
                emit(lineNumber, () -> fromJson(trimmed, at), sink);
            } else if (trimmed.isEmpty()) {
                paragraphStart = flushParagraph(paragraph, paragraphStart, sink);
            } else if (kind == FeedKind.CONVERSATION) {
                emit(lineNumber, () -> turnFromText(trimmed), sink);
            } else {
                if (paragraph.isEmpty()) {
                    paragraphStart = lineNumber;
                }
                paragraph.add(trimmed);
            }
        }
        flushParagraph(paragraph, paragraphStart, sink);
    }

    private int flushParagraph(List<String> paragraph, int startLine, Sink sink) {
        if (!paragraph.isEmpty()) {
            String body = String.join(" ", paragraph);
            paragraph.clear();
            emit(startLine, () -> news(Map.of("body", body), startLine), sink);
        }
        return 0;
    }

    private interface Parse {
        SpecificRecord get() throws FeedLineException, IOException;
    }

    private void emit(int lineNumber, Parse parse, Sink sink) {
        try {
            SpecificRecord r = parse.get();
            String memory = r instanceof NewsArticle n ? n.getMemoryId() : ((ConversationTurn) r).getMemoryId();
            sink.record(memory, r);
        } catch (FeedLineException | IOException | RuntimeException e) {
            sink.badLine(lineNumber, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private SpecificRecord fromJson(String line, int lineNumber) throws FeedLineException, IOException {
        Map<String, Object> fields;
        try {
            fields = json.readValue(line, JSON_OBJECT);
        } catch (IOException e) {
            throw new FeedLineException("not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return kind == FeedKind.NEWS ? news(fields, lineNumber) : turn(fields);
    }

    /** @param lineNumber where the item starts, for its default id */
    private NewsArticle news(Map<String, Object> f, int lineNumber) throws FeedLineException {
        String body = text(f, "body", text(f, "text", null));
        if (body == null || body.isBlank()) {
            throw new FeedLineException("a news item needs a non-empty \"body\" (or \"text\")");
        }
        return NewsArticle.newBuilder()
                .setId(text(f, "id", sourceName + "#" + lineNumber)) // same line, same id: a re-ingest is recognisable
                .setMemoryId(memory(f))
                .setSource(text(f, "source", sourceName))
                .setTitle(text(f, "title", ""))
                .setBody(body)
                .setPublishedAt(instant(f, "publishedAt"))
                .setUrl(text(f, "url", null))
                .setLang(text(f, "lang", null))
                .build();
    }

    private ConversationTurn turn(Map<String, Object> f) throws FeedLineException {
        String text = text(f, "text", null);
        if (text == null || text.isBlank()) {
            throw new FeedLineException("a conversation turn needs a non-empty \"text\"");
        }
        int index = f.get("turnIndex") instanceof Number n ? n.intValue() : sequence;
        sequence = Math.max(sequence, index) + 1;
        return ConversationTurn.newBuilder()
                .setConversationId(text(f, "conversationId", sourceName))
                .setMemoryId(memory(f))
                .setTurnIndex(index)
                .setSpeaker(text(f, "speaker", "user"))
                .setText(text)
                .setTime(instant(f, "time"))
                .build();
    }

    private ConversationTurn turnFromText(String line) throws FeedLineException {
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1) {
            throw new FeedLineException("a conversation line reads 'speaker: text'");
        }
        return turn(Map.of("speaker", line.substring(0, colon).strip(), "text", line.substring(colon + 1).strip()));
    }

    private String memory(Map<String, Object> f) throws FeedLineException {
        return memoryOverride != null ? memoryOverride : text(f, "memoryId", "default");
    }

    private static String text(Map<String, Object> f, String name, String fallback) throws FeedLineException {
        Object v = f.get(name);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw new FeedLineException("\"" + name + "\" must be a string");
        }
        return v.toString();
    }

    /** Epoch milliseconds or ISO-8601; absent means now. */
    private static Instant instant(Map<String, Object> f, String name) throws FeedLineException {
        Object v = f.get(name);
        if (v == null) {
            return Instant.now();
        }
        if (v instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        try {
            return Instant.parse(v.toString());
        } catch (DateTimeParseException e) {
            throw new FeedLineException("\"" + name + "\" must be epoch milliseconds or ISO-8601 like 2026-01-31T09:00:00Z");
        }
    }
}
