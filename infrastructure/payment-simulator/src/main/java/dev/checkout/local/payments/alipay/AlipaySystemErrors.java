package dev.checkout.local.payments.alipay;

import dev.checkout.local.payments.FaultPhase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Alipay's own way to fail a call: HTTP 200 with a signed {@code ACQ.SYSTEM_ERROR}, before the simulator acts on the call
 * (nothing happened) or after (it happened, the answer says otherwise). The outcome is unknown to the caller either way.
 */
final class AlipaySystemErrors {
    private record Armed(int remaining, FaultPhase phase, String method) {
    }

    private final List<Armed> armed = new ArrayList<>();

    synchronized void arm(int count, FaultPhase phase, String method) {
        armed.add(new Armed(count, phase, method == null || method.isBlank() ? null : method));
    }

    /** The phase of the armed fault this call consumes, or null. */
    synchronized FaultPhase take(String method) {
        Iterator<Armed> iterator = armed.iterator();
        while (iterator.hasNext()) {
            Armed fault = iterator.next();
            if (fault.method() == null || fault.method().equals(method)) {
                int index = armed.indexOf(fault);
                if (fault.remaining() <= 1) {
                    iterator.remove();
                } else {
                    armed.set(index, new Armed(fault.remaining() - 1, fault.phase(), fault.method()));
                }
                return fault.phase();
            }
        }
        return null;
    }

    synchronized void clear() {
        armed.clear();
    }
}
