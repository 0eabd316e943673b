package ai.engram.auxiliary.mpnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Tape;
import ai.engram.auxiliary.Tape.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MpnnTest {

    private static final double[] NO_TARGETS = new double[12];

    @Test
    void smilesBecomeGraphsWithExplicitHydrogens() {
        Molecule ethanol = Molecule.fromSmiles("CCO", NO_TARGETS);
        assertEquals(9, ethanol.atoms());
        assertEquals(16, ethanol.source().length); // 8 bonds, both directions
        assertEquals(6, ethanol.counts()[0]);
        Molecule benzene = Molecule.fromSmiles("c1ccccc1", NO_TARGETS);
        assertEquals(1, benzene.nodeFeatures()[8], "aromatic flag of a ring carbon");
        assertThrows(IllegalArgumentException.class, () -> Molecule.fromSmiles("C1CC(", NO_TARGETS));
        assertThrows(IllegalArgumentException.class, () -> Molecule.fromSmiles("CCl", NO_TARGETS));
    }

    @Test
    void predictionsDoNotDependOnAtomOrder() {
        Molecule m = Molecule.fromSmiles("OCC1=CC=CN1", NO_TARGETS);
        int[] perm = new int[m.atoms()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = (i * 5 + 3) % perm.length; // 5 is prime to the 14 atoms
        }
        for (Mpnn.Message message : Mpnn.Message.values()) {
            for (Mpnn.Readout readout : Mpnn.Readout.values()) {
                Mpnn model = new Mpnn(new Mpnn.Config(8, 3, message, readout, 3, false), 7);
                double[] p = model.predict(List.of(m, m.permuted(perm)));
                assertEquals(p[0], p[1], 1e-9 * (1 + Math.abs(p[0])), message + "/" + readout);
            }
        }
    }

    @Test
    void everyVariantsGradientMatchesFiniteDifferences() {
        List<Molecule> mini = Molecule.qm9Mini().stream().map(Molecule.Row::molecule).toList().subList(5, 9);
        double[] w = {0.3, -1.1, 0.8, 0.5};
        for (boolean distances : new boolean[] {false, true}) {
            List<Molecule> ms = distances ? mini.stream().map(Molecule::withDistances).toList() : mini;
            for (Mpnn.Message message : Mpnn.Message.values()) {
                for (Mpnn.Readout readout : Mpnn.Readout.values()) {
                    Mpnn.Config c = new Mpnn.Config(4, 2, message, readout, 2, distances);
                    Mpnn model = new Mpnn(c, 5);
                    Mpnn.Batch b = Mpnn.Batch.of(ms, c.edgeFeatures());
                    Tape tape = new Tape();
                    tape.backward(model.forward(tape, b), w);
                    Random pick = new Random(1);
                    for (Param p : model.params()) {
                        for (int n = 0; n < 3; n++) {
                            int j = pick.nextInt(p.value().length);
                            double keep = p.value()[j];
                            p.value()[j] = keep + 1e-5;
                            double plus = weighted(model, b, w);
                            p.value()[j] = keep - 1e-5;
                            double minus = weighted(model, b, w);
                            p.value()[j] = keep;
                            double numeric = (plus - minus) / 2e-5;
                            assertEquals(numeric, p.grad()[j], 1e-6 * Math.max(1, Math.abs(numeric)), c + " " + p.name() + "[" + j + "]");
                        }
                    }
                }
            }
        }
    }

    private static double weighted(Mpnn model, Mpnn.Batch b, double[] w) {
        double[] y = model.forward(new Tape(), b).value;
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * y[i];
        }
        return s;
    }

    @Test
    void overfitsSixtyFourMolecules() {
        List<Molecule> ms = new ArrayList<>();
        for (Molecule.Row r : Molecule.qm9Subset().subList(1000, 1064)) {
            ms.add(r.molecule());
        }
        double[] y = ms.stream().mapToDouble(m -> m.y()[4]).toArray();
        double mean = java.util.Arrays.stream(y).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        double[] z = java.util.Arrays.stream(y).map(v -> (v - mean) / sd).toArray();
        Mpnn model = new Mpnn(new Mpnn.Config(16, 3, Mpnn.Message.EDGE_NETWORK, Mpnn.Readout.SUM, 3, false), 1);
        Mpnn.Adam adam = new Mpnn.Adam(3e-3);
        double loss = Double.NaN;
        for (int i = 0; i < 400; i++) {
            loss = model.step(ms, z, adam);
        }
        assertTrue(loss < 0.05, "training MSE (unit variance targets) after 400 steps: " + loss);
    }

    @Test
    void beatsTheMeanAndTheAtomCountRegressionOnU0AndGap() {
        MpnnStudy.Config c = new MpnnStudy.Config(List.of("u0", "gap"), List.of("edge-network/sum"), 16, 3, 3, 3, 32, 2e-3, 5, 0, 1);
        for (MpnnStudy.Result r : MpnnStudy.run("qm9", c)) {
            double mpnn = r.mpnn().get(0).test();
            assertTrue(mpnn < 0.9 * r.linear().test() && mpnn < 0.9 * r.mean().test(), r.toString());
        }
    }
}
