package engram.topology.validate;

import static engram.topology.testing.Records.bytes;
import static engram.topology.testing.Records.news;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.schemas.NewsArticle;
import engram.schemas.SourceKind;
import engram.topology.deadletter.ErrorKind;
import engram.topology.deadletter.InvalidRecordException;
import engram.topology.testing.Records;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NewsArticleParserTest {

    private final NewsArticleParser parser = new NewsArticleParser(4096);

    private ErrorKind rejection(byte[] value) {
        return assertThrows(InvalidRecordException.class, () -> parser.parse(value)).kind();
    }

    @Test
    void validArticleBecomesTitleBlankLineBody() {
        FeedItem item = parser.parse(bytes(news("a1", "tenant.eu-1", "Title", "Body text.")));
        assertEquals(new FeedItem("tenant.eu-1", SourceKind.NEWS, "a1", "Title\n\nBody text."), item);
        assertEquals("Body only.", parser.parse(bytes(news("a2", "default", " ", "Body only."))).text());
    }

    @Test
    void keepsTextExactlyIncludingUnicodeAndWhitespace() {
        String body = "  Zoë met 王 at the café 😀.\n";
        assertEquals("T\n\n" + body, parser.parse(bytes(news("a1", "default", "T", body))).text());
    }

    @Test
    void undecodableBytesAreRejectedByKind() {
        assertEquals(ErrorKind.UNDECODABLE, rejection(null));
        assertEquals(ErrorKind.UNDECODABLE, rejection(new byte[0]));
        assertEquals(ErrorKind.UNDECODABLE, rejection("plain text, not avro".getBytes()));
        byte[] article = bytes(news("a1", "default", "Title", "Body"));
        assertEquals(ErrorKind.UNDECODABLE, rejection(Arrays.copyOf(article, article.length - 3)));
        // a perfectly good record of another type
        assertEquals(ErrorKind.UNDECODABLE, rejection(Records.bytes(Records.query("r", "default", "q?"))));
    }

    @Test
    void oversizedRecordIsRejectedBeforeDecoding() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class,
                () -> parser.parse(bytes(news("a1", "default", "T", "x".repeat(5000)))));
        assertEquals(ErrorKind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() {
        byte[] broken = Records.withInvalidUtf8(bytes(news("a1", "default", "Title", "caf\u00e9 MARKER end")),
                "MA");
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> parser.parse(broken));
        assertEquals(ErrorKind.INVALID_UTF8, e.kind());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void fieldRules() {
        assertEquals(ErrorKind.MISSING_FIELD, rejection(bytes(news(" ", "default", "T", "Body"))));
        NewsArticle noSource = news("a1", "default", "T", "Body");
        noSource.setSource("");
        assertEquals(ErrorKind.MISSING_FIELD, rejection(bytes(noSource)));
        assertEquals(ErrorKind.BAD_MEMORY_ID, rejection(bytes(news("a1", "", "T", "Body"))));
        assertEquals(ErrorKind.BAD_MEMORY_ID, rejection(bytes(news("a1", "-leading", "T", "Body"))));
        assertEquals(ErrorKind.BAD_MEMORY_ID, rejection(bytes(news("a1", "x".repeat(129), "T", "Body"))));
        assertEquals(ErrorKind.EMPTY_TEXT, rejection(bytes(news("a1", "default", "", " \n "))));
        assertEquals(ErrorKind.INVALID_FIELD, rejection(bytes(news("a1", "default", "T", "nul\u0000inside"))));
    }
}
