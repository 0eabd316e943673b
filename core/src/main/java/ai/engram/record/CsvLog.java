package ai.engram.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * An append-only CSV file with a header. Its length in bytes is what a checkpoint records: a
 * resumed run cuts the file back to it, so rows written after the checkpoint (which the resumed run
 * writes again) are neither lost nor duplicated.
 */
public final class CsvLog implements AutoCloseable {

    private final Path path;
    private final List<String> columns;
    private final Writer writer;
    private long bytes;

    /** Opens {@code path} for appending, first cutting it to {@code keepBytes} (or starting it with a header if new). */
    public CsvLog(Path path, List<String> columns, long keepBytes) {
        this.path = path;
        this.columns = List.copyOf(columns);
        try {
            boolean fresh = !Files.exists(path) || keepBytes == 0;
            if (!fresh) {
                long size = Files.size(path);
                if (size < keepBytes) {
                    throw new IllegalStateException(path + " has " + size + " bytes but the checkpoint recorded "
                            + keepBytes + ": it was cut after the checkpoint; rows would be missing");
                }
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    channel.truncate(keepBytes);
                }
            }
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            bytes = fresh ? 0 : keepBytes;
            if (fresh) {
                writeLine(String.join(",", columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** Appends one row; values are written as given (numbers in plain notation, null as empty). */
    public void row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(path.getFileName() + " has " + columns.size() + " columns, got " + values.length);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(format(values[i]));
        }
        writeLine(line.toString());
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "" : d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : String.format(Locale.ROOT, "%.6g", d);
        }
        return v.toString();
    }

    private void writeLine(String line) {
        try {
            writer.write(line);
            writer.write('\n');
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    public void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** Bytes written so far, header included. */
    public long bytes() {
        return bytes;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
