package ai.engram.auxiliary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.engram.auxiliary.Tape.Param;
import ai.engram.auxiliary.Tape.Var;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every op's backward step against central finite differences in float64: the loss is a fixed
 * random weighting of the op's output, L = sum_i w_i out_i, so dL/d input = the op's vector-Jacobian
 * product with w, and each input element is nudged by +-1e-5 in turn.
 */
class TapeTest {

    private static final double EPS = 1e-5;
    /** Central differences err by O(EPS^2) and rounding by O(1e-16 / EPS): far below this. */
    private static final double TOLERANCE = 1e-7;

    /** Rows and columns of one input, filled with uniform values in (-2, 2) from {@code seed}. */
    private record Input(int rows, int cols, long seed) {

        double[] values() {
            Random r = new Random(seed);
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) {
                // kept away from 0, where relu has its kink
                double x = 0.1 + 1.9 * r.nextDouble();
                v[i] = r.nextBoolean() ? x : -x;
            }
            return v;
        }
    }

    /** Checks d L / d every input element of {@code op} applied to {@code inputs}. */
    private static void check(String name, BiFunction<Tape, List<Var>, Var> op, Input... inputs) {
        double[][] x = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].values();
        }
        Tape tape = new Tape();
        List<Var> vars = constants(tape, inputs, x);
        Var out = op.apply(tape, vars);
        double[] w = new Input(out.rows, out.cols, 99).values();
        tape.backward(out, w);
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                double keep = x[i][j];
                x[i][j] = keep + EPS;
                double plus = loss(op, inputs, x, w);
                x[i][j] = keep - EPS;
                double minus = loss(op, inputs, x, w);
                x[i][j] = keep;
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = vars.get(i).grad[j];
                assertEquals(numeric, analytic, TOLERANCE * Math.max(1, Math.abs(numeric)), name + ": d L / d input " + i + "[" + j + "]");
            }
        }
    }

    private static List<Var> constants(Tape tape, Input[] inputs, double[][] x) {
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = tape.constant(x[i].clone(), inputs[i].rows(), inputs[i].cols());
        }
        return List.of(vars);
    }

    private static double loss(BiFunction<Tape, List<Var>, Var> op, Input[] inputs, double[][] x, double[] w) {
        Tape tape = new Tape();
        Var out = op.apply(tape, constants(tape, inputs, x));
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * out.value[i];
        }
        return s;
    }

    private static Input in(int rows, int cols) {
        return new Input(rows, cols, 31L * rows + 7L * cols + rows * cols);
    }

    /** Atoms 0-1 in graph 0, 2 in graph 1, 3-5 in graph 2, none in graph 3. */
    private static final int[] GRAPH = {0, 0, 1, 2, 2, 2};
    /** Bonds' source atoms, with repeats: gather must add their gradients. */
    private static final int[] SOURCE = {1, 0, 3, 4, 5, 3, 4, 2};

    @Test
    void elementwiseOps() {
        check("add", (t, v) -> t.add(v.get(0), v.get(1)), in(3, 4), new Input(3, 4, 5));
        check("mul", (t, v) -> t.mul(v.get(0), v.get(1)), in(3, 4), new Input(3, 4, 5));
        check("mul of a var by itself", (t, v) -> t.mul(v.get(0), v.get(0)), in(3, 4));
        check("lerp", (t, v) -> t.lerp(v.get(0), v.get(1), v.get(2)), in(3, 4), new Input(3, 4, 5), new Input(3, 4, 6));
        check("sigmoid", (t, v) -> t.sigmoid(v.get(0)), in(3, 4));
        check("tanh", (t, v) -> t.tanh(v.get(0)), in(3, 4));
        check("relu", (t, v) -> t.relu(v.get(0)), in(3, 4));
    }

    @Test
    void matrixOps() {
        check("matmul", (t, v) -> t.matmul(v.get(0), v.get(1)), in(3, 4), in(4, 5));
        check("addRow", (t, v) -> t.addRow(v.get(0), v.get(1)), in(3, 4), in(1, 4));
        check("matVec", (t, v) -> t.matVec(v.get(0), v.get(1)), in(5, 9), in(5, 3));
        check("rowDot", (t, v) -> t.rowDot(v.get(0), v.get(1)), in(4, 3), new Input(4, 3, 5));
        check("scaleRows", (t, v) -> t.scaleRows(v.get(0), v.get(1)), in(4, 3), in(4, 1));
        check("concat", (t, v) -> t.concat(v.get(0), v.get(1)), in(3, 2), in(3, 4));
        check("columns", (t, v) -> t.columns(v.get(0), 2, 3), in(3, 7));
        Tape t = new Tape();
        assertThrows(IllegalArgumentException.class, () -> t.matmul(t.constant(new double[6], 2, 3), t.constant(new double[6], 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> t.matVec(t.constant(new double[8], 2, 4), t.constant(new double[6], 2, 3)));
    }

    @Test
    void graphOps() {
        check("gather", (t, v) -> t.gather(v.get(0), SOURCE), in(6, 3));
        check("segmentSum", (t, v) -> t.segmentSum(v.get(0), GRAPH, 4), in(6, 3));
        check("segmentSoftmax", (t, v) -> t.segmentSoftmax(v.get(0), GRAPH, 4), in(6, 1));
    }

    @Test
    void mpnnPiecesComposed() {
        int d = 3;
        // a message step: A(e_vw) h_w summed per receiving atom, then the GRU with tied weights (v: h, edge matrices, Wz, Uz, Wh, Uh)
        int[] target = {0, 1, 4, 3, 2, 5, 5, 3};
        check("message + GRU", (t, v) -> {
            Var h = v.get(0);
            Var m = t.segmentSum(t.matVec(v.get(1), t.gather(h, SOURCE)), target, 6);
            Var z = t.sigmoid(t.add(t.matmul(m, v.get(2)), t.matmul(h, v.get(3))));
            Var r = t.sigmoid(t.add(t.matmul(m, v.get(3)), t.matmul(h, v.get(2))));
            Var candidate = t.tanh(t.add(t.matmul(m, v.get(4)), t.matmul(t.mul(r, h), v.get(5))));
            return t.lerp(h, candidate, z);
        }, in(6, d), in(8, d * d), in(d, d), new Input(d, d, 5), new Input(d, d, 6), new Input(d, d, 8));
        // set2set's read: attention of the graph's query over its atoms, the weighted sum, [q, r]
        check("set2set read", (t, v) -> {
            Var h = v.get(0);
            Var q = v.get(1);
            Var a = t.segmentSoftmax(t.rowDot(h, t.gather(q, GRAPH)), GRAPH, 4);
            return t.concat(q, t.segmentSum(t.scaleRows(h, a), GRAPH, 4));
        }, in(6, d), in(4, d));
    }

    @Test
    void denseAccumulatesIntoItsParameters() {
        Random r = new Random(3);
        Param w = Param.init("W", 4, 3, r);
        Param b = Param.init("b", 1, 3, r);
        b.value()[1] = 0.7;
        double[] x = new Input(5, 4, 2).values();
        double[] seed = new Input(5, 3, 9).values();
        Tape tape = new Tape();
        tape.backward(tape.tanh(tape.dense(tape.constant(x, 5, 4), w, b)), seed);
        for (Param p : List.of(w, b)) {
            for (int j = 0; j < p.value().length; j++) {
                double keep = p.value()[j];
                p.value()[j] = keep + EPS;
                double plus = weighted(x, w, b, seed);
                p.value()[j] = keep - EPS;
                double minus = weighted(x, w, b, seed);
                p.value()[j] = keep;
                assertEquals((plus - minus) / (2 * EPS), p.grad()[j], TOLERANCE, p.name() + "[" + j + "]");
            }
        }
    }

    private static double weighted(double[] x, Param w, Param b, double[] seed) {
        Tape t = new Tape();
        Var out = t.tanh(t.dense(t.constant(x, 5, 4), w, b));
        double s = 0;
        for (int i = 0; i < seed.length; i++) {
            s += seed[i] * out.value[i];
        }
        return s;
    }
}
