package ai.engram.cli;

import ai.engram.auxiliary.Studies;
import ai.engram.data.Datasets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram supervised}: a paper module trained and evaluated on a supervised data set. */
@Command(name = "supervised", mixinStandardHelpOptions = true,
        description = "Run a paper module standalone on a data set and print the paper's table: calibration (Guo et al. 2017),"
                + " deeplift (Shrikumar et al. 2017), tcav (Kim et al. 2018), parseval (Cisse et al. 2017),"
                + " looks-linear (Balduzzi et al. 2017), sparse-vd (Molchanov et al. 2017), influence (Koh & Liang 2017),"
                + " sharpness (Dinh et al. 2017), mpnn (Gilmer et al. 2017), adaptive-softmax (Grave et al. 2017).")
final class SupervisedCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODULE", description = "calibration, deeplift, tcav, parseval, looks-linear, sparse-vd, influence, sharpness, mpnn or adaptive-softmax.")
    String module;

    @Option(names = "--data", description = "Data set: digits, fashion-mnist or mnist (mpnn: qm9, the default, or qm9-mini with"
            + " 3D geometry; adaptive-softmax: sotu, its only and default set).")
    String data;

    @Option(names = "--target", description = "mpnn: the QM9 target(s), comma-separated (same as --set targets=[...]).")
    String target;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting of the module (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", description = "Where pictures go (default runs/supervised-<module>-<data>-<time>).")
    Path out;

    @Override
    public Integer call() {
        if (!Studies.names().contains(module)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown module '" + module + "'; known: "
                    + String.join(", ", Studies.names()));
        }
        // modules that bring their own data sets, the first the default: QM9's in the jar, the State of the Union addresses from npm
        List<String> own = switch (module) {
            case "mpnn" -> List.of("qm9", "qm9-mini");
            case "adaptive-softmax" -> List.of("sotu");
            default -> List.of();
        };
        if (!own.isEmpty()) {
            if (data != null && !own.contains(data)) {
                throw new CommandLine.ParameterException(spec.commandLine(), module + " runs on " + String.join(" or ", own)
                        + (module.equals("mpnn") ? " (the QM9 subset in the jar, or 21 QM9 molecules with 3D geometry)" : "")
                        + ", not '" + data + "'");
            }
            data = data == null ? own.get(0) : data;
        } else if (data == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data is required for " + module);
        }
        if (target != null) {
            if (!module.equals("mpnn")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--target is for mpnn only");
            }
            sets.add("targets = [" + target + "]");
        }
        if (own.isEmpty() && !Datasets.names().contains(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown data set '" + data + "'; known: "
                    + String.join(", ", Datasets.names()));
        }
        Path dir = out != null ? out : Path.of("runs", "supervised-" + module + "-" + data + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        spec.commandLine().getOut().print(Studies.run(module, data, sets, dir).render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
