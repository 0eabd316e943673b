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
 * atom-type counts. The MPNN learns the residual of that linear fit (QM9 work commonly subtracts
 * per-atom reference energies; U0's spread is otherwise almost all atom counts), normalized to unit
 * variance per target.
 */
public final class MpnnStudy {

    public static final String DEFAULTS = """
            targets = [u0, gap]       # QM9 columns, one model each
            variants = [edge-network/sum]   # message/readout: edge-network or pair, sum or set2set
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
            List<String> variants = s.choices("variants", List.of("edge-network/sum", "edge-network/set2set", "pair/sum", "pair/set2set"));
            return new Config(s.choices("targets", Molecule.TARGETS), variants, s.integer("d", 1, 512), s.integer("steps", 1, 20),
                    s.integer("set2set-steps", 1, 20), s.integer("epochs", 1, 10_000), s.integer("batch", 1, 100_000),
                    s.number("learning-rate", 1e-8, 1), s.integer("test-every", 2, 100), s.integer("train-size", 0, 1_000_000),
                    s.longInteger("seed", 0));
        }

        Mpnn.Config model(String variant) {
            String[] mr = variant.split("/");
            return new Mpnn.Config(d, steps, mr[0].equals("pair") ? Mpnn.Message.PAIR : Mpnn.Message.EDGE_NETWORK,
                    mr[1].equals("set2set") ? Mpnn.Readout.SET2SET : Mpnn.Readout.SUM, set2setSteps);
        }
    }

    /** Test MAE of each predictor for one target, in the target's unit. */
    public record Result(String target, double mean, double linear, List<Double> mpnn, int train, int test) {
    }

    private MpnnStudy() {
    }

    public static List<Result> run(Config c) {
        List<Molecule.Row> rows = Molecule.qm9Subset();
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
            List<Double> maes = new ArrayList<>();
            for (String variant : c.variants()) {
                double[] pred = train(c, variant, train, yTrain, beta).apply(test);
                double[] full = new double[test.size()];
                for (int i = 0; i < full.length; i++) {
                    full[i] = linTest[i] + pred[i];
                }
                maes.add(mae(full, yTest));
            }
            double[] meanPred = new double[test.size()];
            java.util.Arrays.fill(meanPred, mean);
            results.add(new Result(target, mae(meanPred, yTest), mae(linTest, yTest), maes, train.size(), test.size()));
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

    static double mae(double[] pred, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs(pred[i] - y[i]) / y.length;
        }
        return s;
    }

    public static Table table(Config c, List<Result> results) {
        List<String> header = new ArrayList<>(List.of("target", "mean predictor", "linear (atom counts)"));
        for (String v : c.variants()) {
            header.add("MPNN " + v);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Result r : results) {
            List<String> row = new ArrayList<>(List.of(r.target(), f(r.mean()), f(r.linear())));
            r.mpnn().forEach(m -> row.add(f(m)));
            rows.add(row);
        }
        Result first = results.get(0);
        return new Table("MPNN (Gilmer et al. 2017) on the QM9 subset: test MAE (target units, README of the data), "
                + first.train() + " training / " + first.test() + " test molecules split by source_offset block", header, rows,
                List.of(String.format(Locale.ROOT, "d = %d, T = %d, %d epochs, batch %d, Adam %.0e; bond-only edge features "
                        + "(no distances); the MPNN predicts the residual of the linear fit.", c.d(), c.steps(), c.epochs(), c.batch(),
                        c.learningRate())));
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
