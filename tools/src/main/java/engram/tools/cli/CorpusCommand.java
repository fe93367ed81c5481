package engram.tools.cli;

import engram.train.corpus.CorpusTool;
import engram.train.tokenizer.BpeTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code engram corpus build|samples}: the data side of engram-tiny ({@link CorpusTool}). */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"The synthetic corpus: 'build' writes a corpus sample and trains the byte-level BPE "
                + "tokenizer; 'samples' writes the quick-start news items and their questions."},
        subcommands = {CorpusCommand.Build.class, CorpusCommand.Samples.class})
public final class CorpusCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: build or samples");
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Writes DIR/corpus-sample.jsonl (samples of each split) and DIR/tokenizer.json (byte-level "
                    + "BPE trained on TRAIN samples), then prints token-length statistics per split."})
    static final class Build implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "Output folder (created if absent).")
        Path directory;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
                description = "Corpus seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--tokenizer-samples", paramLabel = "N", defaultValue = "20000",
                description = "TRAIN samples the tokenizer is trained on (default: ${DEFAULT-VALUE}).")
        int tokenizerSamples;

        @Option(names = "--vocab", paramLabel = "N", defaultValue = "2048",
                description = "Vocabulary size, special tokens included (default: ${DEFAULT-VALUE}).")
        int vocab;

        @Option(names = "--sample-lines", paramLabel = "N", defaultValue = "200", description = "Samples per split "
                + "in corpus-sample.jsonl; 0 writes none, e.g. into a model folder (default: ${DEFAULT-VALUE}).")
        int sampleLines;

        @Option(names = "--stat-samples", paramLabel = "N", defaultValue = "2000",
                description = "Samples per split for the token statistics (default: ${DEFAULT-VALUE}).")
        int statSamples;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            require(tokenizerSamples >= 1, "--tokenizer-samples must be >= 1, got " + tokenizerSamples);
            int smallest = 256 + BpeTrainer.DEFAULT_SPECIAL_TOKENS.size();
            require(vocab >= smallest, "--vocab must hold the 256 byte symbols and the special tokens (at least "
                    + smallest + "), got " + vocab);
            require(sampleLines >= 0, "--sample-lines must be >= 0, got " + sampleLines);
            require(statSamples >= 1, "--stat-samples must be >= 1, got " + statSamples);
            new CorpusTool(System.out).build(directory, seed, tokenizerSamples, vocab, sampleLines, statSamples);
            return 0;
        }

        private void require(boolean ok, String message) {
            if (!ok) {
                throw new ParameterException(spec.commandLine(), message);
            }
        }
    }

    @Command(name = "samples", mixinStandardHelpOptions = true,
            description = "Writes DIR/news.jsonl and DIR/questions.jsonl: the quick-start news items and their "
                    + "questions with the expected answers.")
    static final class Samples implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "Output folder (created if absent).")
        Path directory;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "4",
                description = "Seed (default: ${DEFAULT-VALUE}, the one samples/ was written with).")
        long seed;

        @Override
        public Integer call() throws Exception {
            new CorpusTool(System.out).samples(directory, seed);
            return 0;
        }
    }
}
