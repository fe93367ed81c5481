package engram.topology.deadletter;

/** Why a record was dead-lettered. The names are written verbatim into {@code DeadLetter.errorKind}. */
public enum ErrorKind {
    /** The bytes are not a record of the expected type (empty, bad header, unknown schema, corrupt body). */
    UNDECODABLE,
    /** The record is larger than the configured limit; it was not decoded. */
    TOO_LARGE,
    /** A string field holds bytes that are not valid UTF-8. */
    INVALID_UTF8,
    /** There is no text to learn once whitespace is trimmed. */
    EMPTY_TEXT,
    /** The memory id does not match the memory id syntax. */
    BAD_MEMORY_ID,
    /** A required field is empty or blank. */
    MISSING_FIELD,
    /** A field holds a value outside its allowed range. */
    INVALID_FIELD,
    /** The text could not be tokenized or cut into chunks within the limit (e.g. a character the tokenizer rejects). */
    UNCHUNKABLE,
    /** A query without a request id: no one could match an answer to it. */
    MISSING_REQUEST_ID,
    /** An update whose token ids were produced by a different tokenizer than the running model's. */
    TOKENIZER_MISMATCH,
    /** An update that cannot be applied as written (no tokens, too many, ids out of range, wrong key). */
    INVALID_UPDATE
}
