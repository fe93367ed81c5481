/**
 * The synthetic corpus engram-tiny is trained and evaluated on, and the recipe of its tokenizer.
 *
 * <h2>What the corpus says</h2>
 * Facts about invented people, companies, cities, products, events and sports teams, in the shape of the feeds
 * Engram serves: one-sentence news items and conversation turns ("speaker: text", as the topology memorises a
 * {@code ConversationTurn}). {@link engram.train.corpus.CorpusGenerator} draws a
 * {@link engram.train.corpus.Fact}, states it in a {@link engram.train.corpus.Document} and asks a
 * {@link engram.train.corpus.QuestionAnswer} about it whose answer is a span of the document
 * ({@code Document.slotSpans()} locates it). The model sees a question as {@code "Question: <q> Answer:"} and is
 * trained to continue with {@code " <answer>"} ({@code QuestionAnswer.prompt()/target()}).
 *
 * <p>14 relations ({@link engram.train.corpus.Relation}), each phrased five ways for training (one of them a
 * conversation turn) and asked two or three ways:
 * <table>
 * <caption>relations, their slots and one phrasing each</caption>
 * <tr><th>relation</th><th>answer slots</th><th>example phrasing</th></tr>
 * <tr><td>CEO</td><td>person, company</td><td>Velora Dynamics named Tamsin Okafor as chief executive on Monday.</td></tr>
 * <tr><td>HEADQUARTERS</td><td>city</td><td>X moved its headquarters from A to B. / X relocated to B ...</td></tr>
 * <tr><td>ACQUISITION</td><td>company, target</td><td>X acquired Y for $40 million. / X bought Y ...</td></tr>
 * <tr><td>PRODUCT_LAUNCH</td><td>product, company</td><td>X launched the Lumo Pro on Friday. / X unveiled ...</td></tr>
 * <tr><td>PRICE</td><td>price</td><td>The Lumo Pro costs $129.</td></tr>
 * <tr><td>FOUNDED</td><td>year</td><td>X was founded in 1987 in Kelmora.</td></tr>
 * <tr><td>EMPLOYEES</td><td>count</td><td>X now employs 350 people.</td></tr>
 * <tr><td>MATCH_SCORE</td><td>score, team, team2</td><td>Dravik Rovers beat Solmere United 3-1 on Sunday.</td></tr>
 * <tr><td>EVENT_PLACE</td><td>city</td><td>The Solmere Festival will take place in Kelmora this year.</td></tr>
 * <tr><td>EVENT_DATE</td><td>date</td><td>The Solmere Festival will be held on 14 March.</td></tr>
 * <tr><td>JOB_TITLE</td><td>title (24), company</td><td>Tamsin Okafor joined X as head of design.</td></tr>
 * <tr><td>FAVOURITE</td><td>thing (5 categories of 16)</td><td>Tamsin Okafor's favourite drink is mint tea.</td></tr>
 * <tr><td>PARTNER</td><td>person2</td><td>Tamsin Okafor married Dario Venn in Kelmora.</td></tr>
 * <tr><td>HOMETOWN</td><td>city</td><td>Tamsin Okafor grew up in Kelmora.</td></tr>
 * </table>
 * In all: 70 training phrasings (14 of them conversation turns), 14 held-out phrasings, 31 training question
 * templates, 14 held-out question templates, all in {@code Phrasebook}. Every slot a question uses appears in every
 * phrasing of its relation (checked when the class loads), and a fact never has one slot value inside another, so
 * each answer occurs exactly once in its document. Answers from fixed lists (titles, favourite things, scores) are
 * many and no one is part of another, and no question names both candidates ("Who won, X or Y?"), so a model
 * without memory can rarely guess (the acceptance bar for the no-memory baseline is 5%).
 *
 * <p>A document is the fact's sentence alone, or (35%) with a sentence about another fact before or after it, or
 * (20%) with a filler item; a distractor never contains the fact's answers. {@code context(fact, min, lengthOf)}
 * keeps adding distractors until the text is at least {@code min} long under {@code lengthOf} (e.g. 16 tokens, the
 * minimum a self-update wants). {@code filler()} gives one of 24 unrelated everyday items (weather, traffic, local
 * news, small talk) with no askable fact: the side documents of the forgetting experiments.
 *
 * <p>Under the 2048-token tokenizer below: contexts average 24 tokens (p95 38, max ~57), prompts 15, answers 3.3
 * (HELDOUT_TEMPLATES: 29, 19, 3.3).
 *
 * <h2>Names and splits</h2>
 * Names are invented from syllables (onset, vowel, optional coda; a few fixed endings such as "-vik", "-son",
 * "-ora") and a few fixed kind words ("Dynamics", "Festival", "Rovers", "Pro"), so they are in no list. Each
 * invented word falls into the held-out pool or the training pool by a fixed hash of its spelling (one in five is
 * held out); a word that also occurs in the fixed text of the corpus (455 words) is never invented. Hence the pools
 * are disjoint for every seed, and no held-out name can be spelled by anything in TRAIN output.
 * <ul>
 * <li>{@link engram.train.corpus.Split#TRAIN}: training names, training phrasings and questions.</li>
 * <li>{@code HELDOUT_NAMES}: held-out names, training phrasings and questions (the ≥ 90% acceptance case).</li>
 * <li>{@code HELDOUT_TEMPLATES}: held-out names, held-out phrasings and held-out questions only (reported
 * separately, target ≥ 60%).</li>
 * </ul>
 * Reproducible: the generator seeds {@link java.util.Random} (specified bit for bit) with the seed and the split, so
 * the same seed, split and sequence of calls give the same output on every JVM.
 *
 * <h2>Tokenizer</h2>
 * {@link engram.train.tokenizer.BpeTrainer} learns byte-level BPE on {@link
 * engram.train.corpus.TokenizerCorpus} (TRAIN split only: for each sample its context, its prompt with the
 * answer, and a filler item; 20,000 samples are 3.9 MB). {@link engram.train.tokenizer.BpeModel} writes a standard
 * Hugging Face tokenizer.json: model {@code BPE} with {@code vocab} and {@code merges} ("Ġ w" strings, rank order),
 * no unk token; {@code ByteLevel} pre-tokenizer (GPT-2 regex, no prefix space), decoder and post-processor; no
 * normalizer, truncation or padding. Ids: 0..255 are the bytes (GPT-2 byte symbols, so id = byte value), then the
 * merged symbols in the order learned, then the special tokens {@code <|endoftext|>} (end of text / document
 * separator) and {@code <|pad|>} — with vocab 2048 they are ids 2046 and 2047. All 256 bytes are in the vocabulary,
 * so every string encodes and decodes back exactly. A prompt ends in ":" and its target starts with a space, so
 * encoding prompt + target gives the prompt's tokens followed by the target's: the answer tokens are known.
 *
 * <p>Building it: {@code ./engram corpus build OUT_DIR [--seed 1] [--tokenizer-samples 20000] [--vocab 2048]}
 * (the 1790 merges over the words of 3.9 MB take 1.2 s of CPU; generating and counting the text a few seconds more)
 * also writes {@code corpus-sample.jsonl} and prints the token statistics above. {@code ./engram corpus samples DIR}
 * writes the quick-start news items and questions.
 */
package engram.train.corpus;
