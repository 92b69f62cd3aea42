package dev.checkout.local.cloud;

/**
 * An event source's poller, as Lambda runs one: it polls its source over and over until stopped; an error of the
 * source is logged and the poller goes on after a pause.
 */
abstract class PollingEventSource implements Runnable {
    private final System.Logger log = System.getLogger(getClass().getName());
    private final String sourceArn;
    private final LocalFunction function;
    private volatile boolean running = true;

    PollingEventSource(String sourceArn, LocalFunction function) {
        this.sourceArn = sourceArn;
        this.function = function;
    }

    /** Reads the source once and hands the function what it finds; waits a little when there is nothing. */
    abstract void poll();

    final boolean running() {
        return running;
    }

    final void stop() {
        running = false;
    }

    @Override
    public final void run() {
        SdkCallMeter.enterPoller();
        while (running) {
            try {
                poll();
            } catch (RuntimeException e) {
                if (running) {
                    log.log(System.Logger.Level.WARNING, "event source " + sourceArn + " -> " + function.logicalId() + ": " + e);
                    pause(500);
                }
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
