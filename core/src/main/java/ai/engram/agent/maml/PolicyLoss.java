package ai.engram.agent.maml;

/**
 * The losses of a Gaussian policy on a batch of samples, with their derivatives in theta.
 *
 * <p>Per step, with r = (a - mean) / std, log pi(a|s) = sum_d -r_d^2 / 2 - log std_d + const. The
 * inner (vanilla policy gradient) loss is L = -(1/n) sum_t A_t log pi(a_t|s_t); its derivatives in
 * the mean and log-std are closed forms, and the network's part comes from {@link GaussianMlp}'s
 * reverse and R-operator passes.
 */
final class PolicyLoss {

    private PolicyLoss() {
    }

    /** The gradient of the policy-gradient loss -(1/n) sum A log pi, in theta (also the TRPO surrogate's at ratio 1). */
    static double[] gradient(GaussianMlp mlp, double[] theta, GaussianMlp.Forward f, Samples s) {
        int act = mlp.actionSize();
        int n = s.n();
        double[] gMean = new double[n * act];
        double[] grad = new double[theta.length];
        for (int i = 0; i < n; i++) {
            double w = s.advantages()[i] / n;
            for (int d = 0; d < act; d++) {
                double std = Math.exp(theta[mlp.logStdOffset() + d]);
                double r = (s.actions()[i * act + d] - f.mean()[i * act + d]) / std;
                gMean[i * act + d] = -w * r / std;
                grad[mlp.logStdOffset() + d] += w * (1 - r * r);
            }
        }
        mlp.backward(theta, f, gMean, null, null, null, grad);
        return grad;
    }

    /** The exact Hessian-vector product of the policy-gradient loss: H v, by the R-operator (forward over reverse). */
    static double[] hessianVector(GaussianMlp mlp, double[] theta, GaussianMlp.Forward f, Samples s, double[] v) {
        int act = mlp.actionSize();
        int n = s.n();
        double[][] rz = mlp.jvp(theta, f, v);
        double[] rMean = rz[rz.length - 1];
        double[] gMean = new double[n * act];
        double[] rgMean = new double[n * act];
        double[] hv = new double[theta.length];
        for (int i = 0; i < n; i++) {
            double w = s.advantages()[i] / n;
            for (int d = 0; d < act; d++) {
                int ls = mlp.logStdOffset() + d;
                double std = Math.exp(theta[ls]);
                double r = (s.actions()[i * act + d] - f.mean()[i * act + d]) / std;
                double rm = rMean[i * act + d];
                gMean[i * act + d] = -w * r / std;
                rgMean[i * act + d] = w / (std * std) * rm + 2 * w * r / std * v[ls];
                hv[ls] += 2 * w * r / std * rm + 2 * w * r * r * v[ls];
            }
        }
        mlp.backward(theta, f, rgMean, v, rz, gMean, hv);
        return hv;
    }

    /** log pi(a_t|s_t) at every step, without the constant. */
    static double[] logProbabilities(GaussianMlp mlp, double[] theta, GaussianMlp.Forward f, Samples s) {
        int act = mlp.actionSize();
        double[] logp = new double[s.n()];
        for (int i = 0; i < s.n(); i++) {
            for (int d = 0; d < act; d++) {
                double logStd = theta[mlp.logStdOffset() + d];
                double r = (s.actions()[i * act + d] - f.mean()[i * act + d]) / Math.exp(logStd);
                logp[i] -= 0.5 * r * r + logStd;
            }
        }
        return logp;
    }

    /** TRPO's surrogate loss -(1/n) sum A pi(a|s) / pi_old(a|s). */
    static double surrogate(GaussianMlp mlp, double[] theta, GaussianMlp.Forward f, Samples s, double[] oldLogProbabilities) {
        double[] logp = logProbabilities(mlp, theta, f, s);
        double loss = 0;
        for (int i = 0; i < s.n(); i++) {
            loss -= s.advantages()[i] * Math.exp(logp[i] - oldLogProbabilities[i]);
        }
        return loss / s.n();
    }

    /** The mean over the batch's states of KL(pi_old(.|s) || pi(.|s)). */
    static double meanKl(GaussianMlp mlp, double[] oldTheta, GaussianMlp.Forward oldF, double[] theta, GaussianMlp.Forward f) {
        int act = mlp.actionSize();
        double kl = 0;
        for (int d = 0; d < act; d++) {
            double oldLogStd = oldTheta[mlp.logStdOffset() + d];
            double logStd = theta[mlp.logStdOffset() + d];
            double oldVar = Math.exp(2 * oldLogStd);
            double var = Math.exp(2 * logStd);
            for (int i = 0; i < f.n(); i++) {
                double diff = oldF.mean()[i * act + d] - f.mean()[i * act + d];
                kl += logStd - oldLogStd + (oldVar + diff * diff) / (2 * var) - 0.5;
            }
        }
        return kl / f.n();
    }

    /**
     * The Fisher-vector product F v of the policy on the batch's states: the Hessian of the mean KL
     * at pi_old = pi. For a Gaussian it is J^T diag(1/std^2) J on the mean and 2 on each log-std.
     */
    static double[] fisherVector(GaussianMlp mlp, double[] theta, GaussianMlp.Forward f, double[] v) {
        int act = mlp.actionSize();
        int n = f.n();
        double[][] rz = mlp.jvp(theta, f, v);
        double[] rMean = rz[rz.length - 1];
        double[] g = new double[n * act];
        double[] fv = new double[theta.length];
        for (int d = 0; d < act; d++) {
            int ls = mlp.logStdOffset() + d;
            double var = Math.exp(2 * theta[ls]);
            for (int i = 0; i < n; i++) {
                g[i * act + d] = rMean[i * act + d] / (var * n);
            }
            fv[ls] = 2 * v[ls];
        }
        mlp.backward(theta, f, g, null, null, null, fv);
        return fv;
    }
}
