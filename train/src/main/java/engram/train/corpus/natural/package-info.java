/**
 * The natural news corpus: items in ordinary wire-service English for a model that must read real news, not only
 * the phrasebook of {@link engram.train.corpus}. README.md beside this file has the statistics and example items.
 *
 * <h2>What it says</h2>
 * {@link engram.train.corpus.natural.NaturalCorpus#nextItem()} gives a {@link engram.train.corpus.natural.NewsItem}:
 * one to three sentences of news (or a short conversation, "Name: text" turns on separate lines) about one of 22
 * {@link engram.train.corpus.natural.NewsRelation}s: appointments, departures, headquarters moves, openings,
 * closures, foundings, acquisitions, mergers, stakes, funding rounds, partnerships, contracts, results, fines,
 * lawsuits, budgets, launches, awards, events, matches, records and elections. Each item states several values of
 * several kinds (a predecessor beside the appointee, a second company, a second city, a second amount), each as a
 * span of the text, and asks one question per askable value, in forms a user would type ("Who did Apex pick as its
 * next finance chief?", "how much did Apex pay for Cedar Labs"). Every answer is the value as written, occurs once
 * in the text as a whole value and is inside no other answer; no question contains its answer.
 *
 * <h2>How it is made</h2>
 * A weighted context-free grammar ({@code resources/.../natural/grammar/*.txt}, parsed by
 * {@link engram.train.corpus.natural.GrammarParser}, expanded by {@link engram.train.corpus.natural.Realizer})
 * rather than sentence templates: an item rule combines a lead sentence and detail sentences; the lead combines a
 * clause rule of its relation (active, passive, succession, nominal, fronted, reported, relative clause...) with
 * noun-phrase rules (appositives "the Lyon-based chipmaker Apex", "Maria Lopez-Garcia, 52,"), fronted time
 * adverbials, attributions ("the company said in a statement on Tuesday", "people familiar with the matter said"),
 * hedges ("is expected to"), context clauses ("as Apex seeks to cut costs"), quotes and lists. Later mentions of an
 * entity are anaphors ("the company", "its", "Lopez-Garcia"). Filler words come from a real English lexicon
 * ({@link engram.train.corpus.natural.Lexicon}, derived from Debian's WordNet, SCOWL and miscfiles by
 * {@link engram.train.corpus.natural.LexiconBuilder}). A {@link engram.train.corpus.natural.Scene} holds an item's
 * values; an alternative is used only when every value it states is still unstated, so each value is written once.
 * Names and values have realistic shapes: multi-word, hyphenated and particle names, companies with "The" and legal
 * suffixes, two-word places, products with numbers, "3 June" or "June 3", "$1.7 billion", "€300,000", "12 percent",
 * scores, ranks, race times.
 *
 * <h2>Splits</h2>
 * <ul>
 * <li>{@link engram.train.corpus.natural.NaturalSplit#TRAIN}: training names, words, grammar alternatives and
 * question forms.</li>
 * <li>{@code HELDOUT_NAMES}: names never in TRAIN text; training wording.</li>
 * <li>{@code NATURAL_HELDOUT}: held-out names, and held-out grammar alternatives (marked {@code !}), inline options
 * and class entries (marked {@code *}: a fifth of the synonyms of relation verbs and of the industry words), a fifth of
 * the lexicon's filler words, and held-out question forms only.</li>
 * </ul>
 * {@link engram.train.corpus.natural.WordPools} fixes which words only held-out text may write, from the grammar and
 * lexicon files alone (a fixed hash of the spelling picks the fifth), so the splits are disjoint for every seed; tests
 * generate thousands of TRAIN items and find no held-out rule, word or question form in them. Reproducible: the same
 * seed, split and call sequence give the same items on every JVM.
 *
 * <h2>Using it</h2>
 * <ul>
 * <li>Memory objectives: write {@code item.text()}, ask {@code q.prompt()} ("Question: ... Answer:"), train on
 * {@code q.target()} (" answer"); {@link engram.train.corpus.natural.NaturalSamples} turns items into the
 * phrasebook's {@code Document}, {@code QuestionAnswer} and {@code Sample} records.</li>
 * <li>Language-model pre-training: {@link engram.train.corpus.natural.ProseSource} (items without questions, and
 * in TRAIN a fifth of paragraphs of WordNet definitions and examples free of held-out words).</li>
 * <li>Tokenizer: {@link engram.train.corpus.natural.NaturalTokenizerText} feeds
 * {@link engram.train.tokenizer.BpeTrainer}; {@link engram.train.corpus.natural.NaturalCorpusTool} builds one and
 * prints the statistics in README.md.</li>
 * </ul>
 */
package engram.train.corpus.natural;
