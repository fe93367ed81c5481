package engram.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes from packages it does not trust ("Forbidden ... This class
 * is not trusted"). Trusting {@code engram.schemas} in code means no client of these serdes needs a -D flag.
 */
final class TrustedPackages {
    private static volatile boolean done;

    private TrustedPackages() {}

    static synchronized void ensureTrusted() {
        if (done) {
            return;
        }
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(engram.schemas.NewsArticle.class)
                        .add(engram.schemas.ConversationTurn.class)
                        .add(engram.schemas.MemoryUpdate.class)
                        .add(engram.schemas.MemoryVersion.class)
                        .add(engram.schemas.Query.class)
                        .add(engram.schemas.Answer.class)
                        .add(engram.schemas.AnswerStatus.class)
                        .add(engram.schemas.DeadLetter.class)
                        .add(engram.schemas.SourceCoordinates.class)
                        .add(engram.schemas.SourceKind.class)
                        .build()));
        done = true;
    }
}
