package ai.engram.agent.dqn;

import ai.engram.nn.Curvature;
import ai.engram.replay.Transitions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DQN's loss ({@link DqnLoss}) as a function of Q(s, .) alone, with the targets' Q(s', .) held
 * fixed, for curvature (Hessian-vector products of the TD loss). Its second derivative in
 * Q(s_i, a_i) is w_i / B for Huber within |delta| < 1 and 0 beyond, 2 w_i / B for the squared error.
 */
public final class TdLoss implements Curvature.OutputLoss {

    private final Transitions batch;
    private final float[] qNextTarget;
    private final int actions;
    private final boolean huber;

    /** {@code qNextTarget}: Q_target(s', .) of the batch, batch x actions row-major. */
    public TdLoss(Transitions batch, float[] qNextTarget, int actions, boolean huber) {
        this.batch = batch;
        this.qNextTarget = qNextTarget;
        this.actions = actions;
        this.huber = huber;
    }

    /** The TD errors delta_i = Q(s_i, a_i) - y_i at outputs {@code z} = Q(s, .). */
    public float[] errors(INDArray z) {
        float[] delta = new float[batch.size];
        DqnLoss.compute(z.reshape(z.length()).toFloatVector(), qNextTarget, null, batch, actions, huber, new float[batch.size * actions],
                delta);
        return delta;
    }

    @Override
    public Curvature.Local at(INDArray z) {
        int b = batch.size;
        float[] gradient = new float[b * actions];
        float[] delta = new float[b];
        DqnLoss.Stats stats = DqnLoss.compute(z.reshape(z.length()).toFloatVector(), qNextTarget, null, batch, actions, huber, gradient,
                delta);
        double[] second = new double[b * actions];
        for (int i = 0; i < b; i++) {
            double curvature = huber ? (Math.abs(delta[i]) < 1 ? 1 : 0) : 2;
            second[i * actions + (int) batch.action[i]] = batch.weight[i] * curvature / b;
        }
        INDArray h = Nd4j.createFromArray(second).castTo(z.dataType()).reshape(b, actions);
        return new Curvature.Local(stats.loss(), Nd4j.createFromArray(gradient).castTo(z.dataType()).reshape(b, actions), r -> r.mul(h));
    }
}
