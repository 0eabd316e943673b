package ai.engram.auxiliary.mpnn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.vecmath.Point3d;
import org.openscience.cdk.aromaticity.Aromaticity;
import org.openscience.cdk.aromaticity.ElectronDonation;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.graph.Cycles;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IChemFile;
import org.openscience.cdk.io.IChemObjectReader;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;
import org.openscience.cdk.tools.manipulator.ChemFileManipulator;

/**
 * A molecule as Gilmer et al.'s graph: atoms (explicit hydrogens) with the paper's node features,
 * directed bonds (both ways) with bond-type features. {@code xyz} holds the atoms' 3D coordinates in
 * Angstrom (3 per atom) when the source had them (SDF), else nothing (SMILES); {@link #withDistances}
 * turns them into edge features. {@code counts} holds the atom-type counts (H, C, N, O, F) of the
 * linear baseline.
 */
public record Molecule(String name, int atoms, double[] nodeFeatures, int[] source, int[] target, double[] edgeFeatures,
                       double[] xyz, double[] counts, double[] y) {

    static final String[] ELEMENTS = {"H", "C", "N", "O", "F"};
    /** element one-hot (5), atomic number / 9, acceptor, donor, aromatic, sp/sp2/sp3 one-hot, hydrogens attached. */
    public static final int NODE_FEATURES = 5 + 1 + 3 + 3 + 1;
    /** single, double, triple, aromatic. */
    public static final int EDGE_FEATURES = 4;
    /**
     * Centres (Angstrom) of the Gaussian expansion exp(-(r - mu_k)^2 / (2 sigma^2)) of a distance r,
     * sigma = their spacing: bond lengths (about 1-1.6 A in QM9) fall on distinct centres, and the
     * edge network's first (linear) layer can respond to r nonlinearly.
     */
    static final double[] CENTRES = java.util.stream.IntStream.range(0, 19).mapToDouble(k -> 0.8 + 0.3 * k).toArray();
    static final double SIGMA = 0.3;
    /** The complete graph's edges: the 4 bond types, "no bond", then the distance's Gaussian expansion. */
    public static final int DISTANCE_EDGE_FEATURES = EDGE_FEATURES + 1 + CENTRES.length;
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

    /**
     * The molecules of an SDF (MDL V2000) file with their coordinates, read with CDK in strict mode;
     * {@code targets} maps each record's title (its first line) to its target values.
     */
    public static List<Molecule> fromSdf(Reader sdf, Map<String, double[]> targets) {
        IChemFile file;
        try (MDLV2000Reader reader = new MDLV2000Reader(sdf, IChemObjectReader.Mode.STRICT)) {
            file = reader.read(SilentChemObjectBuilder.getInstance().newInstance(IChemFile.class));
        } catch (CDKException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the SDF: " + e.getMessage(), e);
        }
        List<Molecule> out = new ArrayList<>();
        for (IAtomContainer mol : ChemFileManipulator.getAllAtomContainers(file)) {
            String name = mol.getTitle();
            double[] y = targets.get(name);
            if (y == null) {
                throw new IllegalArgumentException("SDF record '" + name + "' has no target values (give a row for its title)");
            }
            try {
                // QM9's SDF lists every hydrogen; any implicit ones (another SDF) become atoms without coordinates
                AtomContainerManipulator.convertImplicitToExplicitHydrogens(mol);
                // the SMILES subset marks aromatic rings (lowercase atoms); a Kekule SDF needs them perceived
                new Aromaticity(ElectronDonation.daylight(), Cycles.or(Cycles.all(), Cycles.all(6))).apply(mol);
            } catch (CDKException e) {
                throw new IllegalArgumentException("SDF record '" + name + "': " + e.getMessage(), e);
            }
            out.add(of(name, mol, y));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the SDF holds no molecule");
        }
        return out;
    }

    static Molecule of(String name, IAtomContainer mol, double[] y) {
        int n = mol.getAtomCount();
        double[] x = new double[n * NODE_FEATURES];
        double[] counts = new double[ELEMENTS.length];
        boolean placed = true;
        for (IAtom a : mol.atoms()) {
            placed &= a.getPoint3d() != null;
        }
        double[] xyz = new double[placed ? 3 * n : 0];
        for (int i = 0; i < n; i++) {
            IAtom a = mol.getAtom(i);
            if (placed) {
                Point3d p = a.getPoint3d();
                xyz[3 * i] = p.x;
                xyz[3 * i + 1] = p.y;
                xyz[3 * i + 2] = p.z;
            }
            int e = List.of(ELEMENTS).indexOf(a.getSymbol());
            if (e < 0) {
                throw new IllegalArgumentException("element " + a.getSymbol() + " in '" + name + "' is not one of QM9's H, C, N, O, F");
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
                default -> throw new IllegalArgumentException("bond order " + b.getOrder() + " in '" + name + "'");
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
        return new Molecule(name, n, x, src, dst, ef, xyz, counts, y);
    }

    /**
     * The distance variant's graph: every atom pair is an edge (directed both ways), so that atoms
     * not bonded still see their distance; its features are the bond type or "no bond" and the
     * Gaussian expansion of the pair's distance.
     */
    public Molecule withDistances() {
        if (xyz.length != 3 * atoms) {
            throw new IllegalArgumentException("molecule '" + name + "' has no 3D coordinates (SMILES input): distance variants "
                    + "need SDF input such as --data qm9-mini");
        }
        if (edgeFeatures.length != source.length * EDGE_FEATURES) {
            throw new IllegalArgumentException("molecule '" + name + "' already has distance edges");
        }
        Map<Integer, Integer> bondType = new HashMap<>();
        for (int k = 0; k < source.length; k++) {
            for (int f = 0; f < EDGE_FEATURES; f++) {
                if (edgeFeatures[k * EDGE_FEATURES + f] == 1) {
                    bondType.put(source[k] * atoms + target[k], f);
                }
            }
        }
        int edges = atoms * (atoms - 1);
        int[] s = new int[edges];
        int[] t = new int[edges];
        double[] ef = new double[edges * DISTANCE_EDGE_FEATURES];
        int k = 0;
        for (int u = 0; u < atoms; u++) {
            for (int v = 0; v < atoms; v++) {
                if (u != v) {
                    s[k] = u;
                    t[k] = v;
                    int o = k * DISTANCE_EDGE_FEATURES;
                    ef[o + bondType.getOrDefault(u * atoms + v, EDGE_FEATURES)] = 1;
                    double r = distance(u, v);
                    for (int c = 0; c < CENTRES.length; c++) {
                        double z = (r - CENTRES[c]) / SIGMA;
                        ef[o + EDGE_FEATURES + 1 + c] = Math.exp(-0.5 * z * z);
                    }
                    k++;
                }
            }
        }
        return new Molecule(name, atoms, nodeFeatures, s, t, ef, xyz, counts, y);
    }

    /** |x_u - x_v| in Angstrom. */
    public double distance(int u, int v) {
        double dx = xyz[3 * u] - xyz[3 * v];
        double dy = xyz[3 * u + 1] - xyz[3 * v + 1];
        double dz = xyz[3 * u + 2] - xyz[3 * v + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** The same molecule with its atoms renumbered: atom i becomes atom {@code perm[i]}. */
    public Molecule permuted(int[] perm) {
        double[] x = new double[nodeFeatures.length];
        double[] p = new double[xyz.length];
        for (int i = 0; i < atoms; i++) {
            System.arraycopy(nodeFeatures, i * NODE_FEATURES, x, perm[i] * NODE_FEATURES, NODE_FEATURES);
            if (p.length > 0) {
                System.arraycopy(xyz, 3 * i, p, 3 * perm[i], 3);
            }
        }
        int[] s = new int[source.length];
        int[] t = new int[target.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = perm[source[k]];
            t[k] = perm[target[k]];
        }
        return new Molecule(name, atoms, x, s, t, edgeFeatures, p, counts, y);
    }

    /** The QM9 subset in the jar with each row's source_offset block. */
    public record Row(int block, Molecule molecule) {
    }

    /** data/qm9/qm9-subset.csv: source_offset, smiles, then the 12 targets in {@link #TARGETS} order. */
    public static List<Row> qm9Subset() {
        try (BufferedReader in = resource("qm9-subset.csv")) {
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

    /**
     * data/qm9/qm9-mini.sdf (gdb_1 to gdb_21 with QM9's DFT geometry; the SDF has no property
     * blocks) with the targets of its CSV, matched by mol_id; one block per molecule.
     */
    public static List<Row> qm9Mini() {
        Map<String, double[]> targets = new HashMap<>();
        try (BufferedReader csv = resource("qm9-mini.sdf.csv"); BufferedReader sdf = resource("qm9-mini.sdf")) {
            List<String> header = List.of(csv.readLine().split(","));
            csv.lines().filter(l -> !l.isBlank()).forEach(line -> {
                String[] c = line.split(",");
                double[] y = new double[TARGETS.size()];
                for (int j = 0; j < y.length; j++) {
                    y[j] = Double.parseDouble(c[header.indexOf(TARGETS.get(j))]);
                }
                targets.put(c[header.indexOf("mol_id")], y);
            });
            List<Molecule> ms = fromSdf(sdf, targets);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < ms.size(); i++) {
                rows.add(new Row(i, ms.get(i)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read qm9-mini: " + e.getMessage(), e);
        }
    }

    private static BufferedReader resource(String file) {
        InputStream raw = Molecule.class.getResourceAsStream("/data/qm9/" + file);
        if (raw == null) {
            throw new IllegalStateException("data/qm9/" + file + " is missing from the jar");
        }
        return new BufferedReader(new InputStreamReader(raw, StandardCharsets.US_ASCII));
    }
}
