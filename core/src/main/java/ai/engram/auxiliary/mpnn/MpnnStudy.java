package ai.engram.auxiliary.mpnn;

import ai.engram.auxiliary.Table;
import ai.engram.config.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Gilmer et al.'s QM9 experiment at the subset's size: one MPNN per target, trained on the
 * source_offset blocks not held out, test MAE against the mean predictor and a linear regression on
 * atom-type counts. On qm9-mini (21 molecules with QM9's geometry, one block each) the distance
 * variants run too; its 4 test molecules show that the pipeline works, not how accurate it is. The MPNN learns the residual of that linear fit (QM9 work commonly subtracts
 * per-atom reference energies; U0's spread is otherwise almost all atom counts), normalized to unit
 * variance per target.
 */
public final class MpnnStudy {

    public static final String DEFAULTS = """
            targets = [u0, gap]       # QM9 columns, one model each
            variants = [edge-network/sum]   # message/readout[/distance]: edge-network or pair, sum or set2set; /distance (qm9-mini only) adds distances on the complete graph
            d = 32                    # hidden state size
            steps = 3                 # T, message passing steps
            set2set-steps = 3         # M, set2set processing steps
            epochs = 20
            batch = 32
            learning-rate = 1e-3
            test-every = 5            # block k is test when k % test-every == test-every / 2
            train-size = 0            # training molecules used, 0 for all
            seed = 1
            """;

    public record Config(List<String> targets, List<String> variants, int d, int steps, int set2setSteps, int epochs, int batch,
                         double learningRate, int testEvery, int trainSize, long seed) {

        public static Config from(Settings s) {
            List<String> bonds = List.of("edge-network/sum", "edge-network/set2set", "pair/sum", "pair/set2set");
            List<String> variants = s.choices("variants", java.util.stream.Stream.concat(bonds.stream(), bonds.stream().map(v -> v + DISTANCE))
                    .toList());
            return new Config(s.choices("targets", Molecule.TARGETS), variants, s.integer("d", 1, 512), s.integer("steps", 1, 20),
                    s.integer("set2set-steps", 1, 20), s.integer("epochs", 1, 10_000), s.integer("batch", 1, 100_000),
                    s.number("learning-rate", 1e-8, 1), s.integer("test-every", 2, 100), s.integer("train-size", 0, 1_000_000),
                    s.longInteger("seed", 0));
        }

        Mpnn.Config model(String variant) {
            String[] mr = variant.split("/");
            return new Mpnn.Config(d, steps, mr[0].equals("pair") ? Mpnn.Message.PAIR : Mpnn.Message.EDGE_NETWORK,
                    mr[1].equals("set2set") ? Mpnn.Readout.SET2SET : Mpnn.Readout.SUM, set2setSteps, variant.endsWith(DISTANCE));
        }
    }

    static final String DISTANCE = "/distance";

    /** Test and training MAE of each predictor for one target, in the target's unit. */
    public record Result(String target, Mae mean, Mae linear, List<Mae> mpnn, int train, int test) {
    }

    public record Mae(double test, double train) {
    }

    private MpnnStudy() {
    }

    /** The study on {@code data}: qm9 (the SMILES subset) or qm9-mini (the SDF with geometry). */
    public static List<Result> run(String data, Config c) {
        if (!data.equals("qm9") && !data.equals("qm9-mini")) {
            throw new IllegalArgumentException("mpnn runs on qm9 (the QM9 subset, SMILES) or qm9-mini (21 molecules with 3D geometry), not '"
                    + data + "'");
        }
        for (String v : c.variants()) {
            if (v.endsWith(DISTANCE) && data.equals("qm9")) {
                throw new IllegalArgumentException("variant " + v + " needs 3D coordinates; the QM9 subset has SMILES only: use --data qm9-mini");
            }
        }
        List<Molecule.Row> rows = data.equals("qm9") ? Molecule.qm9Subset() : Molecule.qm9Mini();
        List<Molecule> train = new ArrayList<>();
        List<Molecule> test = new ArrayList<>();
        for (Molecule.Row r : rows) {
            (r.block() % c.testEvery() == c.testEvery() / 2 ? test : train).add(r.molecule());
        }
        Collections.shuffle(train, new Random(c.seed()));
        if (c.trainSize() > 0) {
            train = new ArrayList<>(train.subList(0, Math.min(c.trainSize(), train.size())));
        }
        List<Result> results = new ArrayList<>();
        for (String target : c.targets()) {
            int j = Molecule.TARGETS.indexOf(target);
            double[] yTrain = train.stream().mapToDouble(m -> m.y()[j]).toArray();
            double[] yTest = test.stream().mapToDouble(m -> m.y()[j]).toArray();
            double mean = java.util.Arrays.stream(yTrain).average().orElseThrow();
            double[] beta = AtomCounts.fit(train, yTrain);
            double[] linTest = AtomCounts.predict(beta, test);
            double[] linTrain = AtomCounts.predict(beta, train);
            List<Mae> maes = new ArrayList<>();
            for (String variant : c.variants()) {
                boolean distances = variant.endsWith(DISTANCE);
                List<Molecule> tr = distances ? train.stream().map(Molecule::withDistances).toList() : train;
                List<Molecule> te = distances ? test.stream().map(Molecule::withDistances).toList() : test;
                Trained model = train(c, variant, tr, yTrain, beta);
                maes.add(new Mae(mae(plus(linTest, model.apply(te)), yTest), mae(plus(linTrain, model.apply(tr)), yTrain)));
            }
            double[] meanTest = new double[test.size()];
            java.util.Arrays.fill(meanTest, mean);
            double[] meanTrain = new double[train.size()];
            java.util.Arrays.fill(meanTrain, mean);
            results.add(new Result(target, new Mae(mae(meanTest, yTest), mae(meanTrain, yTrain)),
                    new Mae(mae(linTest, yTest), mae(linTrain, yTrain)), maes, train.size(), test.size()));
        }
        return results;
    }

    /** A trained model as a function from molecules to residual predictions in the target's unit. */
    interface Trained {
        double[] apply(List<Molecule> ms);
    }

    static Trained train(Config c, String variant, List<Molecule> train, double[] y, double[] beta) {
        double[] lin = AtomCounts.predict(beta, train);
        double[] res = new double[y.length];
        double var = 0;
        for (int i = 0; i < y.length; i++) {
            res[i] = y[i] - lin[i];
            var += res[i] * res[i] / y.length;
        }
        double scale = Math.sqrt(var) + 1e-12;
        Mpnn model = new Mpnn(c.model(variant), c.seed());
        Mpnn.Adam adam = new Mpnn.Adam(c.learningRate());
        Random random = new Random(c.seed() + 1);
        Integer[] order = new Integer[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < c.epochs(); epoch++) {
            Collections.shuffle(java.util.Arrays.asList(order), random);
            for (int from = 0; from < order.length; from += c.batch()) {
                int to = Math.min(order.length, from + c.batch());
                List<Molecule> ms = new ArrayList<>();
                double[] target = new double[to - from];
                for (int i = from; i < to; i++) {
                    ms.add(train.get(order[i]));
                    target[i - from] = res[order[i]] / scale;
                }
                model.step(ms, target, adam);
            }
        }
        return ms -> {
            double[] p = model.predict(ms);
            for (int i = 0; i < p.length; i++) {
                p[i] *= scale;
            }
            return p;
        };
    }

    private static double[] plus(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    static double mae(double[] pred, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs(pred[i] - y[i]) / y.length;
        }
        return s;
    }

    public static Table table(String data, Config c, List<Result> results) {
        List<String> header = new ArrayList<>(List.of("target", "split", "mean predictor", "linear (atom counts)"));
        for (String v : c.variants()) {
            header.add("MPNN " + v);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Result r : results) {
            for (boolean test : new boolean[] {true, false}) {
                List<String> row = new ArrayList<>(List.of(r.target(), test ? "test" : "train", f(r.mean(), test), f(r.linear(), test)));
                r.mpnn().forEach(m -> row.add(f(m, test)));
                rows.add(row);
            }
        }
        Result first = results.get(0);
        List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT, "d = %d, T = %d, %d epochs, batch %d, Adam %.0e; "
                + "edge features: bond type, and for /distance variants the complete graph with \"no bond\" and a Gaussian expansion "
                + "of the distance (%d centres, %.1f-%.1f A); the MPNN predicts the residual of the linear fit.", c.d(), c.steps(),
                c.epochs(), c.batch(), c.learningRate(), Molecule.CENTRES.length, Molecule.CENTRES[0],
                Molecule.CENTRES[Molecule.CENTRES.length - 1])));
        if (data.equals("qm9-mini")) {
            notes.add("qm9-mini has 21 molecules: a check that the pipeline fits them, not a measure of accuracy.");
        }
        return new Table("MPNN (Gilmer et al. 2017) on " + (data.equals("qm9") ? "the QM9 subset" : "qm9-mini (QM9's DFT geometry)")
                + ": MAE (target units, README of the data), " + first.train() + " training / " + first.test()
                + " test molecules split by source_offset block", header, rows, notes);
    }

    private static String f(Mae m, boolean test) {
        return f(test ? m.test() : m.train());
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
