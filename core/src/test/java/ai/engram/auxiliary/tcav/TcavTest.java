package ai.engram.auxiliary.tcav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.engram.auxiliary.Classifier;
import ai.engram.data.Datasets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcavTest {

    @Test
    void theCavIsTheUnitNormalPointingToTheConcept() {
        double[][] concept = {{2, 0.3}, {3, -0.2}, {2.5, 0.1}};
        double[][] random = {{-2, 0.2}, {-3, -0.1}, {-2.5, 0}};
        double[] v = Tcav.cav(concept, random);
        assertEquals(1, Math.hypot(v[0], v[1]), 1e-9);
        assertTrue(v[0] > 0.95);
        assertEquals(1.0, Tcav.score(new double[][] {{1, 0}, {0.5, 0.4}}, v));
        assertEquals(0.5, Tcav.score(new double[][] {{1, 0}, {-0.5, 0.4}}, v));
    }

    /**
     * The paper's controlled experiment on the MNIST subset (784-64-64-10 models, one per
     * marker-class correlation 0, .25, .5, .75, 1): TCAV ranks the models as their measured
     * reliance on the marker does, and the model trained with an uninformative marker gets no
     * significant concept.
     */
    @Test
    void tcavRanksModelsByTheirRelianceOnAPlantedMarker() {
        TcavStudy.Config c = new TcavStudy.Config(new Classifier.Recipe(new int[] {64, 64}, new Classifier.Training(15, 64, 1e-3, 1e-2, 0)),
                new double[] {0, 0.25, 0.5, 0.75, 1}, 3, 1, 50, 20);
        TcavStudy.Result r = TcavStudy.run(Datasets.load("mnist"), c);
        System.out.println(TcavStudy.table("mnist", c, r).render());
        List<TcavStudy.Model> models = r.models();
        assertTrue(r.spearman() >= 0.8, "Spearman " + r.spearman());
        assertFalse(models.get(0).tcav().significant(), "the model trained with an uninformative marker: " + models.get(0));
        assertTrue(models.get(4).tcav().significant() && models.get(4).tcav().mean() > 0.9, models.get(4).toString());
        assertTrue(models.get(4).reliance() > 10 * models.get(0).reliance(), models.toString());
    }
}
