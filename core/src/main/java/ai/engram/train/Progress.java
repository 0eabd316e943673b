package ai.engram.train;

/** How a run shows its progress: a terminal progress bar, or plain periodic lines. */
public interface Progress {

    void start(long envStep, long totalSteps);

    /** {@code recentReturn}: a moving average of training episode returns; {@code evalReturn}: the last evaluation. */
    void update(long envStep, long episodes, double recentReturn, double evalReturn, double stepsPerSecond);

    void finish(long envStep, long episodes, boolean completed);

    /** Shows nothing (tests). */
    Progress SILENT = new Progress() {
        @Override
        public void start(long envStep, long totalSteps) {
        }

        @Override
        public void update(long envStep, long episodes, double recentReturn, double evalReturn, double stepsPerSecond) {
        }

        @Override
        public void finish(long envStep, long episodes, boolean completed) {
        }
    };
}
