package ai.engram.env.gym;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import ai.engram.env.Space;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The JSON of the gym-http-api protocol (openai/gym-http-api), shared by {@link GymHttpEnv} and
 * {@link GymHttpServer} so that both sides write and read values and spaces the same way.
 *
 * <p>Spaces travel as the reference server's {@code _get_space_properties} writes them:
 * {@code {"name": "Discrete", "n": 2}} and {@code {"name": "Box", "shape": [4], "low": [...],
 * "high": [...]}}, bounds flattened in row-major order. Engram adds {@code "start"} to a Discrete
 * space whose start is not 0 and {@code "dtype"} (e.g. {@code "float32"}) to a Box; readers that
 * do not know them ignore them.
 *
 * <p>Infinity: JSON has no number for it. Like the reference server, Engram writes an infinite
 * bound as {@code ±1e100} (standard JSON, read by every client of the reference server, DL4J's
 * gym-java-client included). When reading, a bound at or beyond {@code ±1e100}, the strings
 * {@code "Infinity"}, {@code "-Infinity"}, {@code "inf"}, {@code "-inf"}, and the bare tokens
 * {@code Infinity} and {@code -Infinity} that Python's {@code json} module writes by default all
 * mean an infinite bound. Finite bounds, float32's largest value included, are ordinary numbers
 * and survive exactly.
 *
 * <p>Values (observations and actions) travel as {@code to_jsonable} writes them: a whole number
 * for a Discrete space, nested lists in the Box's shape. Float32 observations are written as the
 * exact double of the float, as numpy's {@code tolist()} does, so they read back bit for bit.
 */
final class GymProtocol {

    /** Lenient on input (Python's json writes Infinity and NaN tokens), standard on output. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** How the reference server writes an infinite bound, and the magnitude read back as infinity. */
    static final double INFINITY_BOUND = 1e100;

    /** The info key of gym's TimeLimit wrapper: the episode's {@code done} came from the time limit. */
    static final String TIME_LIMIT_TRUNCATED = "TimeLimit.truncated";

    static final String ENVS = "/v1/envs/";

    private GymProtocol() {
    }

    /** The {@code info} object that describes {@code space}. */
    static ObjectNode spaceInfo(Space space) {
        ObjectNode info = JSON.createObjectNode();
        if (space instanceof Discrete discrete) {
            info.put("name", "Discrete").put("n", discrete.n());
            if (discrete.start() != 0) {
                info.put("start", discrete.start());
            }
            return info;
        }
        Box box = (Box) space;
        info.put("name", "Box");
        ArrayNode shape = info.putArray("shape");
        Arrays.stream(box.shape()).forEach(shape::add);
        writeBounds(info.putArray("low"), box.low());
        writeBounds(info.putArray("high"), box.high());
        info.put("dtype", box.dtype().name().toLowerCase(Locale.ROOT));
        return info;
    }

    private static void writeBounds(ArrayNode out, double[] bounds) {
        for (double b : bounds) {
            out.add(Double.isInfinite(b) ? Math.copySign(INFINITY_BOUND, b) : b);
        }
    }

    /**
     * Reads a space from its {@code info} object.
     *
     * @throws IllegalArgumentException for a space Engram does not model or a malformed description
     */
    static Space parseSpace(JsonNode info) {
        String name = require(info, "name").asText();
        switch (name) {
            case "Discrete":
                int start = info.has("start") ? wholeNumber(info.get("start"), "start") : 0;
                return new Discrete(wholeNumber(require(info, "n"), "n"), start);
            case "Box":
                JsonNode shapeNode = require(info, "shape");
                if (!shapeNode.isArray()) {
                    throw new IllegalArgumentException("'shape' must be a list of whole numbers, got " + shapeNode);
                }
                int[] shape = new int[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = wholeNumber(shapeNode.get(i), "shape");
                }
                int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
                Box.DType dtype = info.has("dtype")
                        ? dtype(info.get("dtype").asText()) : Box.DType.FLOAT32;
                return new Box(readBounds(require(info, "low"), size), readBounds(require(info, "high"), size),
                        shape, dtype);
            default:
                throw new IllegalArgumentException("unsupported space '" + name + "' (Engram reads Discrete and Box): "
                        + info);
        }
    }

    private static Box.DType dtype(String name) {
        try {
            return Box.DType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unsupported Box dtype '" + name + "'; known: "
                    + Arrays.toString(Box.DType.values()).toLowerCase(Locale.ROOT), e);
        }
    }

    private static double[] readBounds(JsonNode node, int size) {
        if (!node.isArray() || node.size() != size) {
            throw new IllegalArgumentException("Box bounds must be a list of " + size + " numbers, got " + node);
        }
        double[] bounds = new double[size];
        for (int i = 0; i < size; i++) {
            bounds[i] = bound(node.get(i));
        }
        return bounds;
    }

    private static double bound(JsonNode node) {
        if (node.isNumber()) {
            double v = node.doubleValue();
            return Math.abs(v) >= INFINITY_BOUND ? Math.copySign(Double.POSITIVE_INFINITY, v) : v;
        }
        if (node.isTextual()) {
            switch (node.asText().toLowerCase(Locale.ROOT)) {
                case "infinity", "+infinity", "inf", "+inf":
                    return Double.POSITIVE_INFINITY;
                case "-infinity", "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("a Box bound must be a number or \"Infinity\"/\"-Infinity\", got " + node);
    }

    private static int wholeNumber(JsonNode node, String what) {
        if (!node.isNumber() || !node.canConvertToInt() || node.doubleValue() != Math.rint(node.doubleValue())) {
            throw new IllegalArgumentException("'" + what + "' must be a whole number, got " + node);
        }
        return node.asInt();
    }

    /**
     * A value of {@code space} whose flat elements {@code element.applyAsDouble(i)} gives: a whole
     * number for a Discrete space (any other number passes unchanged, for the receiver to refuse),
     * nested lists in the shape of a Box.
     */
    static JsonNode value(Space space, IntToDoubleFunction element) {
        if (space instanceof Discrete) {
            double v = element.applyAsDouble(0);
            return v == Math.rint(v) && Math.abs(v) < 0x1p63 ? LongNode.valueOf((long) v) : DoubleNode.valueOf(v);
        }
        int[] shape = ((Box) space).shape();
        return shape.length == 0 ? DoubleNode.valueOf(element.applyAsDouble(0)) : nested(element, shape, 0, 0);
    }

    private static ArrayNode nested(IntToDoubleFunction element, int[] shape, int dim, int offset) {
        ArrayNode out = JSON.createArrayNode();
        int stride = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                out.add(element.applyAsDouble(offset + i));
            } else {
                out.add(nested(element, shape, dim + 1, offset + i * stride));
            }
        }
        return out;
    }

    /**
     * Reads {@code size} numbers from a number or a (nested) list of numbers, in row-major order.
     *
     * @throws IllegalArgumentException naming {@code what} if there are not exactly {@code size}
     *     numbers or something else than numbers
     */
    static double[] numbers(JsonNode node, int size, String what) {
        double[] out = new double[size];
        int count = collect(node, out, 0, what);
        if (count != size) {
            throw new IllegalArgumentException(what + " must have " + size + " number(s), got " + count + ": " + node);
        }
        return out;
    }

    private static int collect(JsonNode node, double[] out, int at, String what) {
        if (node.isArray()) {
            int next = at;
            for (JsonNode element : node) {
                next = collect(element, out, next, what);
            }
            return next;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(what + " must be numbers, got " + node);
        }
        if (at < out.length) {
            out[at] = node.doubleValue();
        }
        return at + 1;
    }

    /** The field {@code name} of a JSON object, or an exception naming the missing field. */
    static JsonNode require(JsonNode object, String name) {
        JsonNode value = object == null ? null : object.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("a required parameter '" + name + "' was not provided"
                    + (object == null || !object.isObject() ? " (the body is not a JSON object)" : ""));
        }
        return value;
    }
}
