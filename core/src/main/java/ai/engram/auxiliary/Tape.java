package ai.engram.auxiliary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Reverse-mode differentiation on row-major float64 matrices, in plain Java loops. Graph modules
 * gather, scatter and segment-reduce over thousands of small rows, where ND4J's per-op cost
 * (DESIGN.md) would dominate; float64 also lets tests check gradients by finite differences. Each
 * op records its backward step; {@link #backward} replays them in reverse.
 */
public final class Tape {

    /** A rows x cols matrix on the tape, with its gradient. */
    public static final class Var {
        public final double[] value;
        public final double[] grad;
        public final int rows;
        public final int cols;

        Var(double[] value, double[] grad, int rows, int cols) {
            if (value.length != rows * cols) {
                throw new IllegalArgumentException(value.length + " values for a " + rows + " x " + cols + " matrix");
            }
            this.value = value;
            this.grad = grad;
            this.rows = rows;
            this.cols = cols;
        }
    }

    /** A trainable matrix: its value and gradient live across tapes. */
    public record Param(String name, double[] value, double[] grad, int rows, int cols) {

        /** Glorot-uniform weights; a bias ({@code rows = 1}) starts at zero. */
        public static Param init(String name, int rows, int cols, Random random) {
            double[] v = new double[rows * cols];
            if (rows > 1) {
                double a = Math.sqrt(6.0 / (rows + cols));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (2 * random.nextDouble() - 1) * a;
                }
            }
            return new Param(name, v, new double[v.length], rows, cols);
        }
    }

    private final List<Runnable> backward = new ArrayList<>();

    /** A parameter on this tape: gradients accumulate into {@code p.grad()}. */
    public Var param(Param p) {
        return new Var(p.value(), p.grad(), p.rows(), p.cols());
    }

    /** An input: its gradient is computed but not kept. */
    public Var constant(double[] value, int rows, int cols) {
        return new Var(value, new double[value.length], rows, cols);
    }

    private static Var out(int rows, int cols) {
        return new Var(new double[rows * cols], new double[rows * cols], rows, cols);
    }

    /** Seeds d loss / d {@code v} with {@code seed} and runs every backward step in reverse order. */
    public void backward(Var v, double[] seed) {
        for (int i = 0; i < seed.length; i++) {
            v.grad[i] += seed[i];
        }
        for (int i = backward.size() - 1; i >= 0; i--) {
            backward.get(i).run();
        }
        backward.clear();
    }

    /** a (n x k) times b (k x m). */
    public Var matmul(Var a, Var b) {
        if (a.cols != b.rows) {
            throw new IllegalArgumentException("matmul of " + a.rows + "x" + a.cols + " and " + b.rows + "x" + b.cols);
        }
        int n = a.rows;
        int k = a.cols;
        int m = b.cols;
        Var o = out(n, m);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double x = a.value[i * k + p];
                if (x != 0) {
                    for (int j = 0; j < m; j++) {
                        o.value[i * m + j] += x * b.value[p * m + j];
                    }
                }
            }
        }
        backward.add(() -> {
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < k; p++) {
                    double x = a.value[i * k + p];
                    double s = 0;
                    for (int j = 0; j < m; j++) {
                        double g = o.grad[i * m + j];
                        s += g * b.value[p * m + j];
                        b.grad[p * m + j] += x * g;
                    }
                    a.grad[i * k + p] += s;
                }
            }
        });
        return o;
    }

    /** a plus the row vector {@code bias} (1 x cols) on every row. */
    public Var addRow(Var a, Var bias) {
        Var o = out(a.rows, a.cols);
        int c = a.cols;
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = a.value[i] + bias.value[i % c];
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                a.grad[i] += o.grad[i];
                bias.grad[i % c] += o.grad[i];
            }
        });
        return o;
    }

    /** x W + b: a dense layer. */
    public Var dense(Var x, Param w, Param b) {
        return addRow(matmul(x, param(w)), param(b));
    }

    public Var add(Var a, Var b) {
        Var o = out(a.rows, a.cols);
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = a.value[i] + b.value[i];
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                a.grad[i] += o.grad[i];
                b.grad[i] += o.grad[i];
            }
        });
        return o;
    }

    /** Elementwise product. */
    public Var mul(Var a, Var b) {
        Var o = out(a.rows, a.cols);
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = a.value[i] * b.value[i];
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                a.grad[i] += o.grad[i] * b.value[i];
                b.grad[i] += o.grad[i] * a.value[i];
            }
        });
        return o;
    }

    /** (1 - z) a + z b, the GRU's interpolation. */
    public Var lerp(Var a, Var b, Var z) {
        Var o = out(a.rows, a.cols);
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = (1 - z.value[i]) * a.value[i] + z.value[i] * b.value[i];
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                a.grad[i] += o.grad[i] * (1 - z.value[i]);
                b.grad[i] += o.grad[i] * z.value[i];
                z.grad[i] += o.grad[i] * (b.value[i] - a.value[i]);
            }
        });
        return o;
    }

    public Var sigmoid(Var a) {
        Var o = out(a.rows, a.cols);
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = 1 / (1 + Math.exp(-a.value[i]));
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                a.grad[i] += o.grad[i] * o.value[i] * (1 - o.value[i]);
            }
        });
        return o;
    }

    public Var tanh(Var a) {
        Var o = out(a.rows, a.cols);
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = Math.tanh(a.value[i]);
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                a.grad[i] += o.grad[i] * (1 - o.value[i] * o.value[i]);
            }
        });
        return o;
    }

    public Var relu(Var a) {
        Var o = out(a.rows, a.cols);
        for (int i = 0; i < o.value.length; i++) {
            o.value[i] = Math.max(0, a.value[i]);
        }
        backward.add(() -> {
            for (int i = 0; i < o.value.length; i++) {
                if (a.value[i] > 0) {
                    a.grad[i] += o.grad[i];
                }
            }
        });
        return o;
    }

    /** Row {@code index[i]} of a as row i. */
    public Var gather(Var a, int[] index) {
        int c = a.cols;
        Var o = out(index.length, c);
        for (int i = 0; i < index.length; i++) {
            System.arraycopy(a.value, index[i] * c, o.value, i * c, c);
        }
        backward.add(() -> {
            for (int i = 0; i < index.length; i++) {
                for (int j = 0; j < c; j++) {
                    a.grad[index[i] * c + j] += o.grad[i * c + j];
                }
            }
        });
        return o;
    }

    /** Row s of the result sums the rows i of a with {@code segment[i] == s}. */
    public Var segmentSum(Var a, int[] segment, int segments) {
        int c = a.cols;
        Var o = out(segments, c);
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < c; j++) {
                o.value[segment[i] * c + j] += a.value[i * c + j];
            }
        }
        backward.add(() -> {
            for (int i = 0; i < a.rows; i++) {
                for (int j = 0; j < c; j++) {
                    a.grad[i * c + j] += o.grad[segment[i] * c + j];
                }
            }
        });
        return o;
    }

    /** Row e is the d x d matrix in row e of {@code m} (row-major) times row e of {@code h}. */
    public Var matVec(Var m, Var h) {
        int d = h.cols;
        if (m.cols != d * d || m.rows != h.rows) {
            throw new IllegalArgumentException("matVec of " + m.rows + "x" + m.cols + " matrices and " + h.rows + "x" + d + " vectors");
        }
        Var o = out(h.rows, d);
        for (int e = 0; e < h.rows; e++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += m.value[(e * d + i) * d + j] * h.value[e * d + j];
                }
                o.value[e * d + i] = s;
            }
        }
        backward.add(() -> {
            for (int e = 0; e < h.rows; e++) {
                for (int i = 0; i < d; i++) {
                    double g = o.grad[e * d + i];
                    for (int j = 0; j < d; j++) {
                        m.grad[(e * d + i) * d + j] += g * h.value[e * d + j];
                        h.grad[e * d + j] += g * m.value[(e * d + i) * d + j];
                    }
                }
            }
        });
        return o;
    }

    /** Row-wise dot product: n x 1. */
    public Var rowDot(Var a, Var b) {
        int c = a.cols;
        Var o = out(a.rows, 1);
        for (int i = 0; i < a.rows; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += a.value[i * c + j] * b.value[i * c + j];
            }
            o.value[i] = s;
        }
        backward.add(() -> {
            for (int i = 0; i < a.rows; i++) {
                for (int j = 0; j < c; j++) {
                    a.grad[i * c + j] += o.grad[i] * b.value[i * c + j];
                    b.grad[i * c + j] += o.grad[i] * a.value[i * c + j];
                }
            }
        });
        return o;
    }

    /** Softmax of an n x 1 column within each segment (set2set's attention over a graph's nodes). */
    public Var segmentSoftmax(Var a, int[] segment, int segments) {
        double[] max = new double[segments];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < a.rows; i++) {
            max[segment[i]] = Math.max(max[segment[i]], a.value[i]);
        }
        double[] sum = new double[segments];
        Var o = out(a.rows, 1);
        for (int i = 0; i < a.rows; i++) {
            o.value[i] = Math.exp(a.value[i] - max[segment[i]]);
            sum[segment[i]] += o.value[i];
        }
        for (int i = 0; i < a.rows; i++) {
            o.value[i] /= sum[segment[i]];
        }
        backward.add(() -> {
            double[] dot = new double[segments];
            for (int i = 0; i < a.rows; i++) {
                dot[segment[i]] += o.grad[i] * o.value[i];
            }
            for (int i = 0; i < a.rows; i++) {
                a.grad[i] += o.value[i] * (o.grad[i] - dot[segment[i]]);
            }
        });
        return o;
    }

    /** Row i of a times the scalar in row i of s (n x 1). */
    public Var scaleRows(Var a, Var s) {
        int c = a.cols;
        Var o = out(a.rows, c);
        for (int i = 0; i < a.rows; i++) {
            for (int j = 0; j < c; j++) {
                o.value[i * c + j] = a.value[i * c + j] * s.value[i];
            }
        }
        backward.add(() -> {
            for (int i = 0; i < a.rows; i++) {
                for (int j = 0; j < c; j++) {
                    a.grad[i * c + j] += o.grad[i * c + j] * s.value[i];
                    s.grad[i] += o.grad[i * c + j] * a.value[i * c + j];
                }
            }
        });
        return o;
    }

    /** [a, b] side by side. */
    public Var concat(Var a, Var b) {
        int ca = a.cols;
        int cb = b.cols;
        Var o = out(a.rows, ca + cb);
        for (int i = 0; i < a.rows; i++) {
            System.arraycopy(a.value, i * ca, o.value, i * (ca + cb), ca);
            System.arraycopy(b.value, i * cb, o.value, i * (ca + cb) + ca, cb);
        }
        backward.add(() -> {
            for (int i = 0; i < a.rows; i++) {
                for (int j = 0; j < ca; j++) {
                    a.grad[i * ca + j] += o.grad[i * (ca + cb) + j];
                }
                for (int j = 0; j < cb; j++) {
                    b.grad[i * cb + j] += o.grad[i * (ca + cb) + ca + j];
                }
            }
        });
        return o;
    }

    /** Columns [from, from + width) of a. */
    public Var columns(Var a, int from, int width) {
        int c = a.cols;
        Var o = out(a.rows, width);
        for (int i = 0; i < a.rows; i++) {
            System.arraycopy(a.value, i * c + from, o.value, i * width, width);
        }
        backward.add(() -> {
            for (int i = 0; i < a.rows; i++) {
                for (int j = 0; j < width; j++) {
                    a.grad[i * c + from + j] += o.grad[i * width + j];
                }
            }
        });
        return o;
    }
}
