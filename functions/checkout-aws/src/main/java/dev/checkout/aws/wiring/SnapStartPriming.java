package dev.checkout.aws.wiring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Work done once before Lambda SnapStart takes the snapshot, so that restored sandboxes start with
 * classes loaded and code paths warm: SDK clients built and exercised once (marshalling, signing,
 * endpoint rules, the HTTP client), the JSON mapper used. Registered only when Lambda initializes
 * for SnapStart ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}); elsewhere nothing happens.
 *
 * <p>Priming is best effort: a step that fails (the table is unreachable during init, say) is
 * logged and the snapshot is taken anyway, since the function works unprimed, only slower.
 */
public final class SnapStartPriming implements Resource {
    /** CRaC holds resources weakly; these strong references keep them until the checkpoint. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Runnable steps;

    private SnapStartPriming(String name, Runnable steps) {
        this.name = name;
        this.steps = steps;
    }

    /** Runs {@code steps} before the snapshot when the function initializes for SnapStart. */
    public static void register(FunctionEnvironment env, String name, Runnable steps) {
        if (!"snap-start".equals(env.optional("AWS_LAMBDA_INITIALIZATION_TYPE").orElse(""))) {
            return;
        }
        SnapStartPriming priming = new SnapStartPriming(name, steps);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long started = System.nanoTime();
        try {
            steps.run();
            log().log(System.Logger.Level.INFO, "primed " + name + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            log().log(System.Logger.Level.WARNING, "priming " + name + " failed, the snapshot is taken unprimed", e);
        }
    }

    private static System.Logger log() {
        return System.getLogger(SnapStartPriming.class.getName());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients read credentials per request from the container endpoint.
    }
}
