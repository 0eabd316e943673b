package ai.engram.auxiliary;

import ai.engram.auxiliary.adaptivesoftmax.AdaptiveSoftmaxStudy;
import ai.engram.auxiliary.calibration.CalibrationStudy;
import ai.engram.auxiliary.deeplift.DeepLiftStudy;
import ai.engram.auxiliary.lookslinear.LooksLinearStudy;
import ai.engram.auxiliary.parseval.ParsevalStudy;
import ai.engram.auxiliary.sparsevd.SparseVdStudy;
import ai.engram.auxiliary.influence.InfluenceStudy;
import ai.engram.auxiliary.sharpness.SharpnessStudy;
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
        return List.of("calibration", "deeplift", "tcav", "parseval", "looks-linear", "sparse-vd", "influence", "sharpness", "mpnn", "adaptive-softmax");
    }

    /** Every setting of {@code module} with its default, as HOCON. */
    public static String defaults(String module) {
        return switch (module) {
            case "calibration" -> CalibrationStudy.DEFAULTS;
            case "deeplift" -> DeepLiftStudy.DEFAULTS;
            case "tcav" -> TcavStudy.DEFAULTS;
            case "parseval" -> ParsevalStudy.DEFAULTS;
            case "looks-linear" -> LooksLinearStudy.DEFAULTS;
            case "sparse-vd" -> SparseVdStudy.DEFAULTS;
            case "influence" -> InfluenceStudy.DEFAULTS;
            case "sharpness" -> SharpnessStudy.DEFAULTS;
            case "mpnn" -> MpnnStudy.DEFAULTS;
            case "adaptive-softmax" -> AdaptiveSoftmaxStudy.DEFAULTS;
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
            // its molecules (qm9: the SMILES subset, qm9-mini: the SDF with geometry) are in the jar
            MpnnStudy.Config c = MpnnStudy.Config.from(s);
            s.rejectUnread();
            return MpnnStudy.table(dataset, c, MpnnStudy.run(dataset, c));
        }
        if (module.equals("adaptive-softmax")) {
            // its corpus (the State of the Union addresses) is its own; --data is not read
            AdaptiveSoftmaxStudy.Config c = AdaptiveSoftmaxStudy.Config.from(s);
            s.rejectUnread();
            return AdaptiveSoftmaxStudy.table(c, AdaptiveSoftmaxStudy.run(c));
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
            case "parseval" -> {
                ParsevalStudy.Config c = ParsevalStudy.Config.from(s);
                s.rejectUnread();
                yield ParsevalStudy.table(dataset, c, ParsevalStudy.run(Datasets.load(dataset), c));
            }
            case "looks-linear" -> {
                LooksLinearStudy.Config c = LooksLinearStudy.Config.from(s);
                s.rejectUnread();
                yield LooksLinearStudy.table(dataset, c, LooksLinearStudy.run(Datasets.load(dataset), c));
            }
            case "sparse-vd" -> {
                SparseVdStudy.Config c = SparseVdStudy.Config.from(s);
                s.rejectUnread();
                yield SparseVdStudy.table(dataset, c, SparseVdStudy.run(Datasets.load(dataset), c));
            }
            case "influence" -> {
                InfluenceStudy.Config c = InfluenceStudy.Config.from(s);
                s.rejectUnread();
                yield InfluenceStudy.table(dataset, c, InfluenceStudy.run(Datasets.load(dataset), c), out);
            }
            case "sharpness" -> {
                SharpnessStudy.Config c = SharpnessStudy.Config.from(s);
                s.rejectUnread();
                yield SharpnessStudy.table(dataset, c, SharpnessStudy.run(Datasets.load(dataset), c));
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
