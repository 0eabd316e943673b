package ai.engram.auxiliary;

import java.util.ArrayList;
import java.util.List;

/** A paper's table as a module prints it: a header, rows of cells, and notes under it. */
public record Table(String title, List<String> header, List<List<String>> rows, List<String> notes) {

    /** The table in GitHub markdown, columns padded. */
    public String render() {
        int[] width = new int[header.size()];
        for (List<String> row : allRows()) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append("\n\n");
        List<List<String>> all = allRows();
        for (int r = 0; r < all.size(); r++) {
            out.append('|');
            for (int c = 0; c < width.length; c++) {
                out.append(' ').append(String.format("%-" + width[c] + "s", all.get(r).get(c))).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int w : width) {
                    out.append(' ').append("-".repeat(w)).append(" |");
                }
                out.append('\n');
            }
        }
        for (String note : notes) {
            out.append('\n').append(note);
        }
        return out.append('\n').toString();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
