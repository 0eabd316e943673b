package ai.engram.auxiliary.mpnn;

import ai.engram.auxiliary.Tape;
import ai.engram.auxiliary.Tape.Param;
import ai.engram.auxiliary.Tape.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gilmer et al. (2017), message passing neural network: for T steps every atom v gets
 * m_v = sum_{w in N(v)} M(h_w, e_vw) and updates h_v = U(h_v, m_v) (a GRU, weights tied over steps),
 * then the readout R maps the atoms' final states to the target. Many graphs run at once: atoms of
 * a batch are stacked, messages are gathered by bond and segment-summed per atom.
 */
public final class Mpnn {

    /** M: an edge network A(e_vw) h_w (an MLP maps the bond to a d x d matrix) or a pair MLP of [h_w, h_v, e_vw]. */
    public enum Message { EDGE_NETWORK, PAIR }

    /** R: sum over atoms of an MLP of h_v, or set2set (Vinyals et al. 2015) attention over the atoms. */
    public enum Readout { SUM, SET2SET }

    /**
     * {@code distances}: the molecules come as {@link Molecule#withDistances} complete graphs whose
     * edges carry the atoms' distance, else as bond graphs with bond types only.
     */
    public record Config(int d, int steps, Message message, Readout readout, int set2setSteps, boolean distances) {

        int edgeFeatures() {
            return distances ? Molecule.DISTANCE_EDGE_FEATURES : Molecule.EDGE_FEATURES;
        }
    }

    private final Config c;
    private final List<Param> params = new ArrayList<>();
    private final Param embedW;
    private final Param embedB;
    private final Param msg1W;
    private final Param msg1B;
    private final Param msg2W;
    private final Param msg2B;
    private final Param[] gru;
    private final Param lstmW;
    private final Param lstmB;
    private final Param out1W;
    private final Param out1B;
    private final Param out2W;
    private final Param out2B;

    public Mpnn(Config c, long seed) {
        this.c = c;
        Random r = new Random(seed);
        int d = c.d();
        embedW = p("embed.W", Molecule.NODE_FEATURES, d, r);
        embedB = p("embed.b", 1, d, r);
        if (c.message() == Message.EDGE_NETWORK) {
            msg1W = p("A.W1", c.edgeFeatures(), 2 * d, r);
            msg1B = p("A.b1", 1, 2 * d, r);
            msg2W = p("A.W2", 2 * d, d * d, r);
            // a small start keeps the d x d products near the identity's scale over T steps
            for (int i = 0; i < msg2W.value().length; i++) {
                msg2W.value()[i] *= 1.0 / Math.sqrt(d);
            }
        } else {
            msg1W = p("M.W1", 2 * d + c.edgeFeatures(), 2 * d, r);
            msg1B = p("M.b1", 1, 2 * d, r);
            msg2W = p("M.W2", 2 * d, d, r);
        }
        msg2B = p("M.b2", 1, c.message() == Message.EDGE_NETWORK ? d * d : d, r);
        // GRU: W (from m) and U (from h) for the update z, reset r and candidate gates
        gru = new Param[] {p("Wz", d, d, r), p("Uz", d, d, r), p("bz", 1, d, r), p("Wr", d, d, r), p("Ur", d, d, r), p("br", 1, d, r),
                p("Wh", d, d, r), p("Uh", d, d, r), p("bh", 1, d, r)};
        int readIn = c.readout() == Readout.SET2SET ? 2 * d : d;
        lstmW = c.readout() == Readout.SET2SET ? p("lstm.W", 3 * d, 4 * d, r) : null;
        lstmB = c.readout() == Readout.SET2SET ? p("lstm.b", 1, 4 * d, r) : null;
        out1W = p("R.W1", readIn, 2 * d, r);
        out1B = p("R.b1", 1, 2 * d, r);
        out2W = p("R.W2", 2 * d, 1, r);
        out2B = p("R.b2", 1, 1, r);
    }

    private Param p(String name, int rows, int cols, Random r) {
        Param p = Param.init(name, rows, cols, r);
        params.add(p);
        return p;
    }

    public List<Param> params() {
        return params;
    }

    /** Molecules stacked into one graph: atom i belongs to graph {@code graph[i]}; {@code f} features per edge. */
    record Batch(int graphs, int atoms, double[] x, int[] source, int[] target, double[] edges, int f, int[] graph) {

        static Batch of(List<Molecule> ms, int f) {
            int n = 0;
            int e = 0;
            for (Molecule m : ms) {
                if (m.edgeFeatures().length != m.source().length * f) {
                    throw new IllegalArgumentException("molecule '" + m.name() + "' has " + m.edgeFeatures().length / Math.max(1, m.source().length)
                            + " features per edge, the model " + f + (f == Molecule.EDGE_FEATURES ? " (bond graph)"
                            : " (distances: use Molecule.withDistances())"));
                }
                n += m.atoms();
                e += m.source().length;
            }
            double[] x = new double[n * Molecule.NODE_FEATURES];
            double[] ef = new double[e * f];
            int[] s = new int[e];
            int[] t = new int[e];
            int[] g = new int[n];
            int atom = 0;
            int edge = 0;
            for (int k = 0; k < ms.size(); k++) {
                Molecule m = ms.get(k);
                System.arraycopy(m.nodeFeatures(), 0, x, atom * Molecule.NODE_FEATURES, m.nodeFeatures().length);
                System.arraycopy(m.edgeFeatures(), 0, ef, edge * f, m.edgeFeatures().length);
                for (int j = 0; j < m.source().length; j++) {
                    s[edge + j] = atom + m.source()[j];
                    t[edge + j] = atom + m.target()[j];
                }
                Arrays.fill(g, atom, atom + m.atoms(), k);
                atom += m.atoms();
                edge += m.source().length;
            }
            return new Batch(ms.size(), n, x, s, t, ef, f, g);
        }
    }

    /** One prediction per molecule (graphs x 1) on {@code tape}. */
    Var forward(Tape tape, Batch b) {
        int d = c.d();
        Var h = tape.dense(tape.constant(b.x(), b.atoms(), Molecule.NODE_FEATURES), embedW, embedB);
        Var edgeMatrices = c.message() == Message.EDGE_NETWORK ? edgeMatrices(tape, b) : null;
        Var e = tape.constant(b.edges(), b.source().length, b.f());
        for (int t = 0; t < c.steps(); t++) {
            Var hw = tape.gather(h, b.source());
            Var perEdge = c.message() == Message.EDGE_NETWORK
                    ? tape.matVec(edgeMatrices, hw)
                    : tape.dense(tape.relu(tape.dense(tape.concat(tape.concat(hw, tape.gather(h, b.target())), e), msg1W, msg1B)), msg2W, msg2B);
            Var m = tape.segmentSum(perEdge, b.target(), b.atoms());
            Var z = tape.sigmoid(tape.add(tape.matmul(m, tape.param(gru[0])), tape.dense(h, gru[1], gru[2])));
            Var r = tape.sigmoid(tape.add(tape.matmul(m, tape.param(gru[3])), tape.dense(h, gru[4], gru[5])));
            Var candidate = tape.tanh(tape.add(tape.matmul(m, tape.param(gru[6])), tape.dense(tape.mul(r, h), gru[7], gru[8])));
            h = tape.lerp(h, candidate, z);
        }
        Var graphVector = c.readout() == Readout.SUM ? tape.segmentSum(h, b.graph(), b.graphs()) : set2set(tape, h, b);
        return tape.dense(tape.relu(tape.dense(graphVector, out1W, out1B)), out2W, out2B);
    }

    /**
     * A(e) for every bond, reshaped d x d. The MLP runs once per distinct bond-feature row (four
     * bond types without distances; each pair's two directions with them) and the result is gathered per bond.
     */
    private Var edgeMatrices(Tape tape, Batch b) {
        int f = b.f();
        Map<List<Double>, Integer> distinct = new HashMap<>();
        List<double[]> rows = new ArrayList<>();
        int[] index = new int[b.source().length];
        for (int k = 0; k < index.length; k++) {
            double[] row = Arrays.copyOfRange(b.edges(), k * f, (k + 1) * f);
            List<Double> key = Arrays.stream(row).boxed().toList();
            index[k] = distinct.computeIfAbsent(key, x -> {
                rows.add(row);
                return rows.size() - 1;
            });
        }
        double[] u = new double[rows.size() * f];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, u, i * f, f);
        }
        Var a = tape.dense(tape.relu(tape.dense(tape.constant(u, rows.size(), f), msg1W, msg1B)), msg2W, msg2B);
        return tape.gather(a, index);
    }

    /** set2set: q_t = LSTM(q*_{t-1}), a_i = softmax over the graph's atoms of h_i . q_t, r_t = sum a_i h_i, q*_t = [q_t, r_t]. */
    private Var set2set(Tape tape, Var h, Batch b) {
        int d = c.d();
        Var qStar = tape.constant(new double[b.graphs() * 2 * d], b.graphs(), 2 * d);
        Var cell = tape.constant(new double[b.graphs() * d], b.graphs(), d);
        Var q = tape.constant(new double[b.graphs() * d], b.graphs(), d);
        for (int t = 0; t < c.set2setSteps(); t++) {
            Var gates = tape.dense(tape.concat(qStar, q), lstmW, lstmB);
            Var i = tape.sigmoid(tape.columns(gates, 0, d));
            Var f = tape.sigmoid(tape.columns(gates, d, d));
            Var g = tape.tanh(tape.columns(gates, 2 * d, d));
            Var o = tape.sigmoid(tape.columns(gates, 3 * d, d));
            cell = tape.add(tape.mul(f, cell), tape.mul(i, g));
            q = tape.mul(o, tape.tanh(cell));
            Var attention = tape.segmentSoftmax(tape.rowDot(h, tape.gather(q, b.graph())), b.graph(), b.graphs());
            Var read = tape.segmentSum(tape.scaleRows(h, attention), b.graph(), b.graphs());
            qStar = tape.concat(q, read);
        }
        return qStar;
    }

    /** Predictions for {@code ms}, in batches. */
    public double[] predict(List<Molecule> ms) {
        double[] out = new double[ms.size()];
        for (int from = 0; from < ms.size(); from += 256) {
            List<Molecule> part = ms.subList(from, Math.min(ms.size(), from + 256));
            Var y = forward(new Tape(), Batch.of(part, c.edgeFeatures()));
            System.arraycopy(y.value, 0, out, from, part.size());
        }
        return out;
    }

    /** One Adam step on the mean squared error against {@code y} (one target per molecule); returns the loss. */
    public double step(List<Molecule> ms, double[] y, Adam adam) {
        Tape tape = new Tape();
        Var pred = forward(tape, Batch.of(ms, c.edgeFeatures()));
        double[] seed = new double[ms.size()];
        double loss = 0;
        for (int i = 0; i < ms.size(); i++) {
            double diff = pred.value[i] - y[i];
            loss += diff * diff / ms.size();
            seed[i] = 2 * diff / ms.size();
        }
        tape.backward(pred, seed);
        adam.step(params);
        return loss;
    }

    /** Kingma and Ba's Adam over float64 parameters (the tape's, not ND4J's). */
    public static final class Adam {
        private final double lr;
        private final Map<Param, double[][]> moments = new HashMap<>();
        private int t;

        public Adam(double lr) {
            this.lr = lr;
        }

        void step(List<Param> params) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (Param p : params) {
                double[][] mv = moments.computeIfAbsent(p, k -> new double[][] {new double[k.value().length], new double[k.value().length]});
                double[] g = p.grad();
                for (int i = 0; i < g.length; i++) {
                    mv[0][i] = 0.9 * mv[0][i] + 0.1 * g[i];
                    mv[1][i] = 0.999 * mv[1][i] + 0.001 * g[i] * g[i];
                    p.value()[i] -= lr * (mv[0][i] / c1) / (Math.sqrt(mv[1][i] / c2) + 1e-8);
                    g[i] = 0;
                }
            }
        }
    }
}
