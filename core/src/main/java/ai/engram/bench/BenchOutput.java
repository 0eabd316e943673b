package ai.engram.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Prints measurements as a readable table, or with {@code --json} one JSON object per line. */
public final class BenchOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean json;
    private final List<Measurement> table = new ArrayList<>();

    public BenchOutput(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Records one measurement; in JSON mode it is printed at once, so a long run streams. */
    public void add(Measurement m) {
        if (json) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("bench", m.bench());
            line.putAll(m.parameters());
            line.put(m.figure(), m.value());
            try {
                out.println(JSON.writeValueAsString(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.flush();
        } else {
            table.add(m);
        }
    }

    /** Prints the table of everything added (nothing in JSON mode). */
    public void finish() {
        if (json || table.isEmpty()) {
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        columns.add("bench");
        table.forEach(m -> columns.addAll(m.parameters().keySet()));
        columns.add("figure");
        columns.add("value");
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : table) {
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                row.add(switch (c) {
                    case "bench" -> m.bench();
                    case "figure" -> m.figure();
                    case "value" -> format(m.value());
                    default -> String.valueOf(m.parameters().getOrDefault(c, ""));
                });
            }
            rows.add(row);
        }
        List<String> header = List.copyOf(columns);
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        printRow(header, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        rows.forEach(r -> printRow(r, width));
        out.flush();
    }

    private void printRow(List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean numeric = i == cells.size() - 1;
            line.append(numeric ? " ".repeat(width[i] - cell.length()) + cell : cell + " ".repeat(width[i] - cell.length()));
            line.append("  ");
        }
        out.println(line.toString().stripTrailing());
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1e5) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
