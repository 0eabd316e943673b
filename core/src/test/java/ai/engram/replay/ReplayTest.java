package ai.engram.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayTest {

    /** A table of capacity 16 whose rows we can read back by sampling every row. */
    private static float[] obs(float v) {
        return new float[] {v, -v};
    }

    @Test
    void nStepReturnsDiscountsAndBootstrapsAsThePaperSays() {
        ReplayTable table = new ReplayTable(16, 2, 1, new UniformSampler(0));
        NStepAdder adder = new NStepAdder(table, 1, 2, 1, 3, 0.5);
        // rewards 1, 2, 4, 8 then truncation after the 5th step (reward 16)
        double[] a = {1};
        float[][] o = {obs(0), obs(1), obs(2), obs(3), obs(4), obs(5)};
        double[] r = {1, 2, 4, 8, 16};
        for (int t = 0; t < 5; t++) {
            adder.add(0, o[t], 0, a, 0, r[t], o[t + 1], 0, false, t == 4);
        }
        assertEquals(5, table.size());
        ReplayTable.Snapshot s = table.snapshot();
        // t=0: 1 + .5*2 + .25*4 = 3, discount .125, next o3
        assertEquals(3f, s.reward()[0]);
        assertEquals(0.125f, s.discount()[0]);
        assertArrayEquals(obs(3), java.util.Arrays.copyOfRange(s.nextObservation(), 0, 2));
        // t=1: 2 + 4*.5 + 8*.25 = 6
        assertEquals(6f, s.reward()[1]);
        // at truncation the last three steps flush with partial returns, bootstrapping from o5
        assertEquals(4 + 4 + 4f, s.reward()[2]); // 4 + .5*8 + .25*16
        assertEquals(0.125f, s.discount()[2]);
        assertEquals(8 + 8f, s.reward()[3]);
        assertEquals(0.25f, s.discount()[3]);
        assertEquals(16f, s.reward()[4]);
        assertEquals(0.5f, s.discount()[4]);
        for (int row = 2; row < 5; row++) {
            assertArrayEquals(obs(5), java.util.Arrays.copyOfRange(s.nextObservation(), 2 * row, 2 * row + 2));
        }
    }

    @Test
    void terminationDoesNotBootstrap() {
        ReplayTable table = new ReplayTable(8, 2, 1, new UniformSampler(0));
        NStepAdder adder = new NStepAdder(table, 2, 2, 1, 2, 0.9);
        double[] a = {0, 1};
        adder.add(0, obs(0), 0, a, 0, 1, obs(1), 0, false, false);
        adder.add(1, obs(10), 0, a, 1, 5, obs(11), 0, true, false); // env 1 terminates at once
        adder.add(0, obs(1), 0, a, 0, 1, obs(2), 0, true, false);
        ReplayTable.Snapshot s = table.snapshot();
        assertEquals(3, table.size());
        assertEquals(5f, s.reward()[0]);
        assertEquals(0f, s.discount()[0]);
        assertEquals(1.0, s.action()[0]);
        assertEquals(1.9f, s.reward()[1], 1e-6);
        assertEquals(0f, s.discount()[1]);
        assertEquals(1f, s.reward()[2]);
        assertEquals(0f, s.discount()[2]);
    }

    @Test
    void droppedEpisodesNeverMixWithTheNextOne() {
        ReplayTable table = new ReplayTable(8, 2, 1, new UniformSampler(0));
        NStepAdder adder = new NStepAdder(table, 2, 2, 1, 3, 0.5);
        double[] a = {0};
        adder.add(0, obs(0), 0, a, 0, 100, obs(1), 0, false, false);
        adder.add(0, obs(1), 0, a, 0, 100, obs(2), 0, false, false);
        adder.add(1, obs(5), 0, a, 0, 2, obs(6), 0, false, false);
        adder.drop(0);
        adder.add(0, obs(10), 0, a, 0, 1, obs(11), 0, true, false);
        assertEquals(1, table.size());
        assertEquals(1f, table.snapshot().reward()[0]);
        assertArrayEquals(obs(10), java.util.Arrays.copyOfRange(table.snapshot().observation(), 0, 2));
        // the other copy's episode was not cut: its pending step completes with its own next reward
        adder.add(1, obs(6), 0, a, 0, 4, obs(7), 0, true, false);
        assertEquals(3, table.size());
        assertArrayEquals(obs(5), java.util.Arrays.copyOfRange(table.snapshot().observation(), 2, 4));
        assertEquals(2 + 0.5 * 4, table.snapshot().reward()[1], 1e-6);
    }

    @Test
    void aWorkersBatchLandsAsIfInsertedOneByOneAcrossTheRingsEnd() {
        ReplayTable bulk = new ReplayTable(5, 2, 1, new PrioritizedSampler(5, 0.6, 0.4, 1e-6, 0));
        ReplayTable single = new ReplayTable(5, 2, 1, new PrioritizedSampler(5, 0.6, 0.4, 1e-6, 0));
        TransitionBatch batch = new TransitionBatch(2, 1, 1);
        for (int round = 0; round < 3; round++) { // 3 + 3 + 3 rows into 5: the second and third wrap
            batch.clear();
            for (int i = 0; i < 3; i++) {
                int v = 10 * round + i;
                float[] obs = {v, -v};
                double[] act = {v % 2};
                float[] next = {v + 0.5f, -v - 0.5f};
                batch.insert(obs, 0, act, 0, v * 0.25, 0.99, next, 0);
                single.insert(obs, 0, act, 0, v * 0.25, 0.99, next, 0);
            }
            batch.drainInto(bulk);
            ReplayTable.Snapshot a = bulk.snapshot();
            ReplayTable.Snapshot b = single.snapshot();
            assertArrayEquals(b.observation(), a.observation());
            assertArrayEquals(b.action(), a.action());
            assertArrayEquals(b.reward(), a.reward());
            assertArrayEquals(b.discount(), a.discount());
            assertArrayEquals(b.nextObservation(), a.nextObservation());
            assertEquals(b.next(), a.next());
            assertEquals(b.size(), a.size());
            assertEquals(b.inserted(), a.inserted());
            assertArrayEquals(b.samplerState().priorities(), a.samplerState().priorities());
        }
    }

    @Test
    void theTableOverwritesTheOldestWhenFull() {
        ReplayTable table = new ReplayTable(3, 2, 1, new UniformSampler(0));
        for (int i = 0; i < 5; i++) {
            table.insert(obs(i), 0, new double[] {i}, 0, i, 1, obs(i), 0);
        }
        assertEquals(3, table.size());
        assertEquals(5, table.inserted());
        assertArrayEquals(new double[] {3, 4, 2}, table.snapshot().action());
        Transitions batch = new Transitions(64, 2, 1);
        table.sample(64, batch);
        for (int i = 0; i < 64; i++) {
            assertTrue(batch.action[i] >= 2, "sampled an overwritten transition");
            assertEquals(batch.action[i], batch.reward[i]);
            assertEquals(1f, batch.weight[i]);
        }
    }

    @Test
    void prioritizedSamplingFollowsPrioritiesAndWeightsCorrectForIt() {
        int n = 4;
        PrioritizedSampler sampler = new PrioritizedSampler(n, 1.0, 1.0, 0.0, 3);
        ReplayTable table = new ReplayTable(n, 2, 1, sampler);
        for (int i = 0; i < n; i++) {
            table.insert(obs(i), 0, new double[] {i}, 0, 0, 1, obs(i), 0);
        }
        sampler.update(new int[] {0, 1, 2, 3}, new float[] {1, 2, 3, 4}, 4);
        assertEquals(0.1, sampler.probability(0), 1e-12);
        assertEquals(0.4, sampler.probability(3), 1e-12);
        int[] counts = new int[n];
        Transitions batch = new Transitions(100, 2, 1);
        for (int round = 0; round < 400; round++) {
            table.sample(100, batch);
            for (int i = 0; i < 100; i++) {
                int row = batch.index[i];
                counts[row]++;
                // w = (N P)^-beta / max w; the largest weight belongs to the least likely row (P = .1)
                assertEquals((float) (Math.pow(n * sampler.probability(row), -1.0) / Math.pow(n * 0.1, -1.0)),
                        batch.weight[i], 1e-6f);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(sampler.probability(i), counts[i] / 40_000.0, 0.01, "row " + i);
        }
    }

    @Test
    void newRowsGetTheLargestPrioritySeen() {
        PrioritizedSampler sampler = new PrioritizedSampler(8, 0.6, 0.4, 1e-6, 0);
        ReplayTable table = new ReplayTable(8, 2, 1, sampler);
        table.insert(obs(0), 0, new double[] {0}, 0, 0, 1, obs(0), 0);
        sampler.update(new int[] {0}, new float[] {9}, 1);
        table.insert(obs(1), 0, new double[] {1}, 0, 0, 1, obs(1), 0);
        assertEquals(sampler.probability(0), sampler.probability(1), 1e-12);
    }

    @Test
    void snapshotsRestoreContentsAndSamplerPosition() {
        ReplayTable a = new ReplayTable(8, 2, 1, new PrioritizedSampler(8, 0.6, 0.4, 1e-6, 5));
        for (int i = 0; i < 6; i++) {
            a.insert(obs(i), 0, new double[] {i}, 0, i, 0.9, obs(i + 1), 0);
        }
        ReplayTable b = new ReplayTable(8, 2, 1, new PrioritizedSampler(8, 0.6, 0.4, 1e-6, 99));
        b.restore(a.snapshot());
        Transitions x = new Transitions(16, 2, 1);
        Transitions y = new Transitions(16, 2, 1);
        a.sample(16, x);
        b.sample(16, y);
        assertArrayEquals(x.index, y.index);
        assertArrayEquals(x.reward, y.reward);
        assertThrows(IllegalArgumentException.class,
                () -> new ReplayTable(4, 2, 1, new UniformSampler(0)).restore(a.snapshot()));
    }
}
