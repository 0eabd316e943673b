package ai.engram.auxiliary.mpnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The distance variant on qm9-mini.sdf: QM9's own DFT geometry for gdb_1 to gdb_21, read with CDK. */
class Qm9MiniTest {

    private static final List<Molecule> MINI = Molecule.qm9Mini().stream().map(Molecule.Row::molecule).toList();
    private static final int GAP = Molecule.TARGETS.indexOf("gap");

    @Test
    void sdfRecordsBecomeGraphsWithExplicitHydrogensAndTheirGeometry() {
        assertEquals(21, MINI.size());
        Molecule methane = MINI.get(0);
        assertEquals("gdb_1", methane.name());
        assertEquals(5, methane.atoms());
        assertEquals(4, methane.counts()[0], "hydrogens of CH4");
        assertEquals(15, methane.xyz().length);
        assertEquals(0.5048, methane.y()[GAP], 1e-12, "gap of gdb_1 from qm9-mini.sdf.csv");
        assertEquals(0.401, MINI.get(20).y()[GAP], 1e-12, "gap of gdb_21");
        int[] valence = {1, 4, 3, 2, 1};
        for (Molecule m : MINI) {
            // every atom's bond orders add up to its valence: no hydrogen left implicit
            double[] order = new double[m.atoms()];
            for (int k = 0; k < m.source().length; k++) {
                double[] type = Arrays.copyOfRange(m.edgeFeatures(), k * Molecule.EDGE_FEATURES, (k + 1) * Molecule.EDGE_FEATURES);
                order[m.source()[k]] += type[3] == 1 ? 1.5 : type[0] + 2 * type[1] + 3 * type[2];
            }
            for (int i = 0; i < m.atoms(); i++) {
                assertEquals(valence[element(m, i)], order[i], 1e-9, m.name() + " atom " + i);
            }
            for (int k = 0; k < m.source().length; k++) {
                int u = m.source()[k];
                int v = m.target()[k];
                double r = m.distance(u, v);
                // elements in H, C, N, O, F order
                String pair = Molecule.ELEMENTS[Math.min(element(m, u), element(m, v))] + Molecule.ELEMENTS[Math.max(element(m, u), element(m, v))];
                switch (pair) {
                    // sp C-H (acetylene) is 1.06 A, sp3 C-H 1.09-1.10 A
                    case "HC" -> assertTrue(r > 1.05 && r < 1.12, m.name() + " C-H " + r);
                    case "CC" -> assertTrue(r > 1.18 && r < 1.58, m.name() + " C-C " + r);
                    case "HN", "HO" -> assertTrue(r > 0.95 && r < 1.03, m.name() + " " + pair + " " + r);
                    default -> assertTrue(r > 1.1 && r < 1.5, m.name() + " " + pair + " " + r);
                }
            }
        }
    }

    private static int element(Molecule m, int atom) {
        for (int e = 0; e < Molecule.ELEMENTS.length; e++) {
            if (m.nodeFeatures()[atom * Molecule.NODE_FEATURES + e] == 1) {
                return e;
            }
        }
        throw new AssertionError("atom " + atom + " has no element");
    }

    @Test
    void distanceEdgesJoinEveryPairWithItsBondTypeOrNoneAndItsDistance() {
        Molecule methanol = MINI.get(7);
        Molecule complete = methanol.withDistances();
        int n = methanol.atoms();
        assertEquals(6, n);
        assertEquals(n * (n - 1), complete.source().length);
        int f = Molecule.DISTANCE_EDGE_FEATURES;
        int bonded = 0;
        for (int k = 0; k < complete.source().length; k++) {
            double[] e = Arrays.copyOfRange(complete.edgeFeatures(), k * f, (k + 1) * f);
            assertEquals(1, e[0] + e[1] + e[2] + e[3] + e[4], 1e-12, "one bond type or none");
            bonded += e[4] == 0 ? 1 : 0;
            // the expansion peaks at the centre nearest the distance
            double r = complete.distance(complete.source()[k], complete.target()[k]);
            int peak = 0;
            for (int c = 1; c < Molecule.CENTRES.length; c++) {
                peak = e[5 + c] > e[5 + peak] ? c : peak;
            }
            for (double mu : Molecule.CENTRES) {
                assertTrue(Math.abs(r - Molecule.CENTRES[peak]) <= Math.abs(r - mu) + 1e-12);
            }
        }
        assertEquals(methanol.source().length, bonded, "bonds keep their type");
        IllegalArgumentException noGeometry = assertThrows(IllegalArgumentException.class,
                () -> Molecule.fromSmiles("CO", new double[12]).withDistances());
        assertTrue(noGeometry.getMessage().contains("no 3D coordinates"), noGeometry.getMessage());
        Mpnn bondModel = new Mpnn(new Mpnn.Config(8, 2, Mpnn.Message.PAIR, Mpnn.Readout.SUM, 2, false), 1);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class, () -> bondModel.predict(List.of(complete)));
        assertTrue(mixed.getMessage().contains("features per edge"), mixed.getMessage());
    }

    @Test
    void badSdfInputIsRejectedWithTheReason() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> Molecule.fromSdf(new StringReader("gdb_x\n\n\n  2  1  0 nonsense\n"), Map.of()));
        assertTrue(garbage.getMessage().startsWith("cannot read the SDF"), garbage.getMessage());
        String water = """
                water
                  test 3D

                  3  2  0     0  0  0  0  0  0999 V2000
                   -0.0344    0.9775    0.0076 O   0  0  0  0  0  0  0  0  0  0  0  0
                    0.0648    0.0206    0.0015 H   0  0  0  0  0  0  0  0  0  0  0  0
                    0.8718    1.3008    0.0007 H   0  0  0  0  0  0  0  0  0  0  0  0
                  1  2  1  0  0  0  0
                  1  3  1  0  0  0  0
                M  END
                $$$$
                """;
        IllegalArgumentException untargeted = assertThrows(IllegalArgumentException.class,
                () -> Molecule.fromSdf(new StringReader(water), Map.of()));
        assertTrue(untargeted.getMessage().contains("'water' has no target"), untargeted.getMessage());
        assertEquals(3, Molecule.fromSdf(new StringReader(water), Map.of("water", new double[12])).get(0).atoms());
    }

    @Test
    void distancePredictionsDoNotDependOnAtomOrder() {
        Molecule m = MINI.get(20);
        int[] perm = new int[m.atoms()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = (i * 5 + 3) % perm.length;
        }
        assertEquals(1, gcd(5, perm.length), "5 must be prime to the atom count for a permutation");
        for (Mpnn.Message message : Mpnn.Message.values()) {
            for (Mpnn.Readout readout : Mpnn.Readout.values()) {
                Mpnn model = new Mpnn(new Mpnn.Config(8, 3, message, readout, 3, true), 7);
                double[] p = model.predict(List.of(m.withDistances(), m.permuted(perm).withDistances()));
                assertEquals(p[0], p[1], 1e-9 * (1 + Math.abs(p[0])), message + "/" + readout);
            }
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Test
    void theDistanceMpnnFitsTheTwentyOneGaps() {
        List<Molecule> ms = MINI.stream().map(Molecule::withDistances).toList();
        double[] y = ms.stream().mapToDouble(m -> m.y()[GAP]).toArray();
        double mean = Arrays.stream(y).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        double[] z = Arrays.stream(y).map(v -> (v - mean) / sd).toArray();
        Mpnn model = new Mpnn(new Mpnn.Config(16, 3, Mpnn.Message.EDGE_NETWORK, Mpnn.Readout.SUM, 3, true), 1);
        Mpnn.Adam adam = new Mpnn.Adam(3e-3);
        double first = model.step(ms, z, adam);
        double loss = Double.NaN;
        for (int i = 0; i < 300; i++) {
            loss = model.step(ms, z, adam);
        }
        // a fit of 21 molecules, not an accuracy claim: it shows the distance pipeline learns end to end
        assertTrue(first > 0.5 && loss < 0.02, "training MSE (unit variance gaps): first " + first + ", after 300 steps " + loss);
    }

    @Test
    void theStudyRunsDistanceVariantsOnQm9MiniOnly() {
        MpnnStudy.Config c = new MpnnStudy.Config(List.of("gap"), List.of("edge-network/sum/distance"), 8, 2, 2, 2, 8, 1e-3, 5, 0, 1);
        IllegalArgumentException smilesOnly = assertThrows(IllegalArgumentException.class, () -> MpnnStudy.run("qm9", c));
        assertTrue(smilesOnly.getMessage().contains("--data qm9-mini"), smilesOnly.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MpnnStudy.run("qm9-max", c));
        MpnnStudy.Result r = MpnnStudy.run("qm9-mini", c).get(0);
        assertEquals(17, r.train());
        assertEquals(4, r.test());
    }
}
