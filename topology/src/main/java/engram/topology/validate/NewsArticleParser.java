package engram.topology.validate;

import engram.schemas.NewsArticle;
import engram.schemas.SourceKind;

/**
 * News rules: id, source and memory id present and well-formed; title and body not both blank. The memorised
 * text is the title, a blank line, then the body (just the body when the title is blank).
 */
public final class NewsArticleParser extends FeedParser<NewsArticle> {

    public NewsArticleParser(int maxRecordBytes) {
        super(NewsArticle.class, maxRecordBytes);
    }

    @Override
    protected FeedItem toItem(NewsArticle article) {
        requireNonBlank(article.getId(), "id");
        requireNonBlank(article.getSource(), "source");
        requireMemoryId(article.getMemoryId());
        String title = article.getTitle();
        String body = article.getBody();
        String text = title.isBlank() ? body : title + "\n\n" + body;
        requireText(text, "title and body");
        return new FeedItem(article.getMemoryId(), SourceKind.NEWS, article.getId(), text);
    }
}
