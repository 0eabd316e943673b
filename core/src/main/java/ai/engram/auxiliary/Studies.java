package ai.engram.auxiliary;

import ai.engram.auxiliary.calibration.CalibrationStudy;
import ai.engram.auxiliary.deeplift.DeepLiftStudy;
import ai.engram.auxiliary.mpnn.MpnnStudy;
import ai.engram.auxiliary.tcav.TcavStudy;
import ai.engram.config.Presets;
import ai.engram.config.Settings;
import ai.engram.data.DataSplit;
import ai.engram.data.Datasets;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;

/** The paper modules run standalone on a supervised data set ({@code engram supervised}). */
public final class Studies {

    private Studies() {
    }

    public static List<String> names() {
        return List.of("calibration", "deeplift", "tcav", "mpnn");
    }

    /** Every setting of {@code module} with its default, as HOCON. */
    public static String defaults(String module) {
        return switch (module) {
            case "calibration" -> CalibrationStudy.DEFAULTS;
            case "deeplift" -> DeepLiftStudy.DEFAULTS;
            case "tcav" -> TcavStudy.DEFAULTS;
            case "mpnn" -> MpnnStudy.DEFAULTS;
            default -> throw new IllegalArgumentException("unknown module '" + module + "'; known: " + String.join(", ", names()));
        };
    }

    /**
     * Runs {@code module} on data set {@code dataset} with its defaults overlaid by
     * {@code overrides}; settings are checked before the data set is read. Pictures go to {@code out}.
     */
    public static Table run(String module, String dataset, List<String> overrides, Path out) {
        Settings s = new Settings(Presets.overlay(ConfigFactory.parseString(defaults(module)), overrides));
        if (module.equals("mpnn")) {
            // its molecules (QM9 subset) are in the jar; --data is not read
            MpnnStudy.Config c = MpnnStudy.Config.from(s);
            s.rejectUnread();
            return MpnnStudy.table(c, MpnnStudy.run(c));
        }
        if (!Datasets.names().contains(dataset)) {
            throw new IllegalArgumentException("unknown data set '" + dataset + "'; known: " + String.join(", ", Datasets.names()));
        }
        return switch (module) {
            case "calibration" -> {
                CalibrationStudy.Config c = CalibrationStudy.Config.from(s);
                s.rejectUnread();
                yield CalibrationStudy.table(dataset, CalibrationStudy.run(Datasets.load(dataset), c), out);
            }
            case "deeplift" -> {
                DeepLiftStudy.Config c = DeepLiftStudy.Config.from(s);
                s.rejectUnread();
                yield DeepLiftStudy.table(dataset, c, DeepLiftStudy.run(Datasets.load(dataset), c));
            }
            default -> {
                TcavStudy.Config c = TcavStudy.Config.from(s);
                s.rejectUnread();
                DataSplit data = Datasets.load(dataset);
                yield TcavStudy.table(dataset, c, TcavStudy.run(data, c));
            }
        };
    }
}
