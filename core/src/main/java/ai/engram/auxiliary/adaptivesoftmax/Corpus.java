package ai.engram.auxiliary.adaptivesoftmax;

import ai.engram.data.Sotu;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level corpus: a frequency-sorted vocabulary from the training text and the training and
 * held-out text as id streams. Each document is followed by {@link #END}, which also stands for
 * the context before the first word (the model's only start symbol).
 */
public record Corpus(List<String> words, long[] counts, int[] train, int[] heldOut) {

    public static final String UNKNOWN = "<unk>";
    public static final String END = "</s>";

    /** Words (letters with inner apostrophes), numbers, and every other non-space character alone. */
    private static final Pattern TOKEN = Pattern.compile("\\p{L}+(?:'\\p{L}+)*|\\p{N}+(?:[.,]\\p{N}+)*|[^\\s\\p{L}\\p{N}]");

    /** Lower-cased tokens of {@code text}, typographic apostrophes read as '. */
    public static List<String> tokenize(String text) {
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\''));
        List<String> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /**
     * The addresses before {@code heldOutFrom} train, the others are held out. The vocabulary keeps
     * the {@code size - 2} most frequent training words (ties alphabetically), {@link #UNKNOWN} for
     * the rest and {@link #END}; ids are ranks by training frequency, those two included.
     */
    public static Corpus of(List<Sotu.Address> addresses, int heldOutFrom, int size) {
        if (size < 3) {
            throw new IllegalArgumentException("a vocabulary needs room for <unk>, </s> and a word, got size " + size);
        }
        List<List<String>> train = new ArrayList<>();
        List<List<String>> heldOut = new ArrayList<>();
        for (Sotu.Address a : addresses) {
            (a.year() < heldOutFrom ? train : heldOut).add(tokenize(a.text()));
        }
        if (train.isEmpty() || heldOut.isEmpty()) {
            throw new IllegalArgumentException("held-out-from " + heldOutFrom + " leaves " + train.size() + " training and "
                    + heldOut.size() + " held-out addresses; both need at least one");
        }
        Map<String, Long> count = new HashMap<>();
        train.forEach(doc -> doc.forEach(w -> count.merge(w, 1L, Long::sum)));
        Comparator<Map.Entry<String, Long>> byFrequency = Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey());
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(count.entrySet());
        ranked.sort(byFrequency);
        List<Map.Entry<String, Long>> kept = new ArrayList<>(ranked.subList(0, Math.min(size - 2, ranked.size())));
        long rare = ranked.subList(kept.size(), ranked.size()).stream().mapToLong(Map.Entry::getValue).sum();
        kept.add(Map.entry(UNKNOWN, rare));
        kept.add(Map.entry(END, (long) train.size()));
        kept.sort(byFrequency);
        List<String> words = kept.stream().map(Map.Entry::getKey).toList();
        long[] counts = kept.stream().mapToLong(Map.Entry::getValue).toArray();
        Map<String, Integer> id = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            id.put(words.get(i), i);
        }
        return new Corpus(words, counts, encode(train, id), encode(heldOut, id));
    }

    /** Every document's ids followed by END's, after one leading END. */
    private static int[] encode(List<List<String>> docs, Map<String, Integer> id) {
        int unknown = id.get(UNKNOWN);
        int end = id.get(END);
        List<Integer> ids = new ArrayList<>(List.of(end));
        for (List<String> doc : docs) {
            doc.forEach(w -> ids.add(id.getOrDefault(w, unknown)));
            ids.add(end);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    public int size() {
        return words.size();
    }

    public int id(String word) {
        int i = words.indexOf(word);
        return i < 0 ? words.indexOf(UNKNOWN) : i;
    }

    /**
     * The unigram model's held-out perplexity: p(w) = (count(w) + 1) / (N + |V|) from the training
     * counts (add-one, so no held-out word gets probability 0), over every held-out target.
     */
    public double unigramPerplexity() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double nll = 0;
        for (int t = 1; t < heldOut.length; t++) {
            nll -= Math.log((counts[heldOut[t]] + 1.0) / (n + size()));
        }
        return Math.exp(nll / (heldOut.length - 1));
    }
}
