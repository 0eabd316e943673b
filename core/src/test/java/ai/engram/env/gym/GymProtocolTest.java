package ai.engram.env.gym;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.env.Box;
import ai.engram.env.Discrete;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class GymProtocolTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static JsonNode json(String text) throws Exception {
        return GymProtocol.JSON.readTree(text);
    }

    @Test
    void infiniteBoundsTravelAsTheReferenceServersSentinelAndComeBackInfinite() throws Exception {
        Box box = new Box(new double[] {-INF, 0}, new double[] {INF, 1}, new int[] {2}, Box.DType.FLOAT64);
        ObjectNode info = GymProtocol.spaceInfo(box);
        assertEquals("{\"name\":\"Box\",\"shape\":[2],\"low\":[-1.0E100,0.0],\"high\":[1.0E100,1.0],\"dtype\":\"float64\"}",
                GymProtocol.JSON.writeValueAsString(info));
        assertEquals(box, GymProtocol.parseSpace(json(GymProtocol.JSON.writeValueAsString(info))));
    }

    @Test
    void everyCommonSpellingOfInfinityIsRead() throws Exception {
        Box box = (Box) GymProtocol.parseSpace(json("{\"name\": \"Box\", \"shape\": [6],"
                + " \"low\": [-Infinity, \"-Infinity\", \"-inf\", -1e100, -3e38, 0],"
                + " \"high\": [Infinity, \"Infinity\", \"inf\", 1e100, 3e38, 1]}"));
        assertArrayEquals(new double[] {-INF, -INF, -INF, -INF, -3e38, 0}, box.low());
        assertArrayEquals(new double[] {INF, INF, INF, INF, 3e38, 1}, box.high());
        assertEquals(Box.DType.FLOAT32, box.dtype());
        assertThrows(IllegalArgumentException.class, () -> GymProtocol.parseSpace(json(
                "{\"name\": \"Box\", \"shape\": [1], \"low\": [\"lots\"], \"high\": [1]}")));
    }

    @Test
    void float32MaxBoundsSurviveExactly() throws Exception {
        double max = Float.MAX_VALUE;
        Box box = Box.of(new double[] {-max, -4.8f}, new double[] {max, 4.8f});
        JsonNode wire = json(GymProtocol.JSON.writeValueAsString(GymProtocol.spaceInfo(box)));
        assertEquals(max, wire.path("high").get(0).doubleValue(), 0.0);
        assertEquals(box, GymProtocol.parseSpace(wire));
    }

    @Test
    void discreteSpacesKeepTheirStart() throws Exception {
        assertEquals("{\"name\":\"Discrete\",\"n\":2}", GymProtocol.spaceInfo(new Discrete(2)).toString());
        Discrete shifted = new Discrete(3, -1);
        assertEquals(shifted, GymProtocol.parseSpace(json(GymProtocol.spaceInfo(shifted).toString())));
        assertEquals(new Discrete(4), GymProtocol.parseSpace(json("{\"name\": \"Discrete\", \"n\": 4}")));
    }

    @Test
    void otherSpacesAreRefusedByName() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GymProtocol.parseSpace(json("{\"name\": \"Tuple\"}")));
        assertTrue(e.getMessage().contains("'Tuple'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GymProtocol.parseSpace(json("{\"name\": \"Discrete\"}")));
    }

    @Test
    void valuesAreNestedInTheBoxShapeAndFlattenBack() throws Exception {
        Box matrix = new Box(new double[6], new double[] {1, 1, 1, 1, 1, 1}, new int[] {2, 3}, Box.DType.FLOAT32);
        float[] values = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        JsonNode nested = GymProtocol.value(matrix, i -> values[i]);
        assertEquals(2, nested.size());
        assertEquals(3, nested.get(1).size());
        double[] back = GymProtocol.numbers(json(nested.toString()), 6, "observation");
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], (float) back[i]);
        }
        assertEquals("1", GymProtocol.value(new Discrete(2), i -> 1.0).toString());
        assertEquals("0.5", GymProtocol.value(new Discrete(2), i -> 0.5).toString());
        assertArrayEquals(new double[] {2.5}, GymProtocol.numbers(json("2.5"), 1, "action"));
        assertThrows(IllegalArgumentException.class, () -> GymProtocol.numbers(json("[1, 2]"), 1, "action"));
    }
}
