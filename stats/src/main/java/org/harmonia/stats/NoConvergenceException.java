package org.harmonia.stats;

/** An iterative fit did not settle within its iteration limit. */
public class NoConvergenceException extends StatsException {
    private final int iterations;

    public NoConvergenceException(String what, int iterations) {
        super(what + " did not converge after " + iterations + " iterations");
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }
}
