package ai.engram.auxiliary.mpnn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * A molecule as Gilmer et al.'s graph: atoms (explicit hydrogens) with the paper's node features,
 * directed bonds (both ways) with bond-type features. {@code counts} holds the atom-type counts
 * (H, C, N, O, F) of the linear baseline.
 */
public record Molecule(String smiles, int atoms, double[] nodeFeatures, int[] source, int[] target, double[] edgeFeatures,
                       double[] counts, double[] y) {

    static final String[] ELEMENTS = {"H", "C", "N", "O", "F"};
    /** element one-hot (5), atomic number / 9, acceptor, donor, aromatic, sp/sp2/sp3 one-hot, hydrogens attached. */
    public static final int NODE_FEATURES = 5 + 1 + 3 + 3 + 1;
    /** single, double, triple, aromatic. */
    public static final int EDGE_FEATURES = 4;
    public static final List<String> TARGETS = List.of("mu", "alpha", "homo", "lumo", "gap", "r2", "zpve", "cv", "u0", "u298", "h298", "g298");

    /** One QM9 row: the molecule parsed from SMILES with CDK, hydrogens made explicit. */
    public static Molecule fromSmiles(String smiles, double[] y) {
        try {
            IAtomContainer mol = new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(smiles);
            AtomContainerManipulator.convertImplicitToExplicitHydrogens(mol);
            return of(smiles, mol, y);
        } catch (CDKException e) {
            throw new IllegalArgumentException("cannot read SMILES '" + smiles + "': " + e.getMessage(), e);
        }
    }

    static Molecule of(String smiles, IAtomContainer mol, double[] y) {
        int n = mol.getAtomCount();
        double[] x = new double[n * NODE_FEATURES];
        double[] counts = new double[ELEMENTS.length];
        for (int i = 0; i < n; i++) {
            IAtom a = mol.getAtom(i);
            int e = List.of(ELEMENTS).indexOf(a.getSymbol());
            if (e < 0) {
                throw new IllegalArgumentException("element " + a.getSymbol() + " in '" + smiles + "' is not one of QM9's H, C, N, O, F");
            }
            counts[e]++;
            int hydrogens = 0;
            for (IAtom b : mol.getConnectedAtomsList(a)) {
                hydrogens += "H".equals(b.getSymbol()) ? 1 : 0;
            }
            int charge = a.getFormalCharge() == null ? 0 : a.getFormalCharge();
            int o = i * NODE_FEATURES;
            x[o + e] = 1;
            x[o + 5] = a.getAtomicNumber() / 9.0;
            // acceptor: N, O or F lone pairs not used up by a positive charge; donor: N or O holding an H
            x[o + 6] = e >= 2 && charge <= 0 ? 1 : 0;
            x[o + 7] = (e == 2 || e == 3) && hydrogens > 0 ? 1 : 0;
            x[o + 8] = a.isAromatic() ? 1 : 0;
            // hybridization from the bonds (CDK's atom-type perception needs its dictionary module):
            // a triple or two double bonds make sp, one double or aromatic bond sp2, else sp3 (H: none)
            int doubles = 0;
            int triples = 0;
            boolean aromaticBond = false;
            for (IBond b : mol.getConnectedBondsList(a)) {
                doubles += b.getOrder() == IBond.Order.DOUBLE ? 1 : 0;
                triples += b.getOrder() == IBond.Order.TRIPLE ? 1 : 0;
                aromaticBond |= b.isAromatic();
            }
            if (e > 0) {
                int h = triples > 0 || doubles > 1 ? 9 : doubles > 0 || aromaticBond ? 10 : 11;
                x[o + h] = 1;
            }
            x[o + 12] = hydrogens;
        }
        int m = mol.getBondCount();
        int[] src = new int[2 * m];
        int[] dst = new int[2 * m];
        double[] ef = new double[2 * m * EDGE_FEATURES];
        for (int k = 0; k < m; k++) {
            IBond b = mol.getBond(k);
            int type = b.isAromatic() ? 3 : switch (b.getOrder()) {
                case SINGLE -> 0;
                case DOUBLE -> 1;
                case TRIPLE -> 2;
                default -> throw new IllegalArgumentException("bond order " + b.getOrder() + " in '" + smiles + "'");
            };
            int u = mol.indexOf(b.getBegin());
            int v = mol.indexOf(b.getEnd());
            src[2 * k] = u;
            dst[2 * k] = v;
            src[2 * k + 1] = v;
            dst[2 * k + 1] = u;
            ef[2 * k * EDGE_FEATURES + type] = 1;
            ef[(2 * k + 1) * EDGE_FEATURES + type] = 1;
        }
        return new Molecule(smiles, n, x, src, dst, ef, counts, y);
    }

    /** The same molecule with its atoms renumbered: atom i becomes atom {@code perm[i]}. */
    public Molecule permuted(int[] perm) {
        double[] x = new double[nodeFeatures.length];
        for (int i = 0; i < atoms; i++) {
            System.arraycopy(nodeFeatures, i * NODE_FEATURES, x, perm[i] * NODE_FEATURES, NODE_FEATURES);
        }
        int[] s = new int[source.length];
        int[] t = new int[target.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = perm[source[k]];
            t[k] = perm[target[k]];
        }
        return new Molecule(smiles, atoms, x, s, t, edgeFeatures, counts, y);
    }

    /** The QM9 subset in the jar with each row's source_offset block. */
    public record Row(int block, Molecule molecule) {
    }

    /** data/qm9/qm9-subset.csv: source_offset, smiles, then the 12 targets in {@link #TARGETS} order. */
    public static List<Row> qm9Subset() {
        try (InputStream raw = Molecule.class.getResourceAsStream("/data/qm9/qm9-subset.csv")) {
            if (raw == null) {
                throw new IllegalStateException("data/qm9/qm9-subset.csv is missing from the jar");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.US_ASCII));
            List<String> lines = in.lines().skip(1).filter(l -> !l.isBlank()).toList();
            List<Row> rows = new ArrayList<>();
            long lastOffset = -1;
            int block = -1;
            for (String line : lines) {
                String[] c = line.split(",");
                long offset = Long.parseLong(c[0]);
                if (offset != lastOffset) {
                    block++;
                    lastOffset = offset;
                }
                double[] y = new double[TARGETS.size()];
                for (int j = 0; j < y.length; j++) {
                    y[j] = Double.parseDouble(c[2 + j]);
                }
                rows.add(new Row(block, fromSmiles(c[1], y)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the QM9 subset: " + e.getMessage(), e);
        }
    }
}
