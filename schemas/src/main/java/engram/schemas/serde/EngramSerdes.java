package engram.schemas.serde;

import engram.schemas.Answer;
import engram.schemas.ConversationTurn;
import engram.schemas.DeadLetter;
import engram.schemas.MemoryUpdate;
import engram.schemas.MemoryVersion;
import engram.schemas.NewsArticle;
import engram.schemas.Query;

/** One serde per Engram event type. Each call returns a new, thread-safe instance. */
public final class EngramSerdes {
    private EngramSerdes() {}

    public static AvroSerde<NewsArticle> newsArticle() {
        return new AvroSerde<>(NewsArticle.class);
    }

    public static AvroSerde<ConversationTurn> conversationTurn() {
        return new AvroSerde<>(ConversationTurn.class);
    }

    public static AvroSerde<MemoryUpdate> memoryUpdate() {
        return new AvroSerde<>(MemoryUpdate.class);
    }

    public static AvroSerde<MemoryVersion> memoryVersion() {
        return new AvroSerde<>(MemoryVersion.class);
    }

    public static AvroSerde<Query> query() {
        return new AvroSerde<>(Query.class);
    }

    public static AvroSerde<Answer> answer() {
        return new AvroSerde<>(Answer.class);
    }

    public static AvroSerde<DeadLetter> deadLetter() {
        return new AvroSerde<>(DeadLetter.class);
    }
}
