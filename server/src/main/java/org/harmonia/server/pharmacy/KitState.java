package org.harmonia.server.pharmacy;

import java.util.EnumSet;
import java.util.Set;

/** Where a kit is in its life: at the depot, on its way, at a site, with a subject, or out of use. */
public enum KitState {
    AT_DEPOT, SHIPPED, RECEIVED, DISPENSED, RETURNED, DESTROYED, QUARANTINED, EXPIRED;

    /** Whether a site may count on the kit for its next subjects. */
    boolean usable() {
        return this == SHIPPED || this == RECEIVED;
    }

    /** The pharmacist's actions on a kit besides shipping, receiving and dispensing, each from the states it may start in. */
    enum Action {
        RETURN("return", "returned", KitState.RETURNED, EnumSet.of(RECEIVED, DISPENSED)),
        DESTROY("destroy", "destroyed", KitState.DESTROYED, EnumSet.of(AT_DEPOT, RECEIVED, RETURNED, QUARANTINED, EXPIRED)),
        QUARANTINE("quarantine", "quarantined", KitState.QUARANTINED, EnumSet.of(AT_DEPOT, SHIPPED, RECEIVED)),
        RELEASE("release", "released from quarantine", null, EnumSet.of(QUARANTINED)),
        EXPIRE("expire", "expired", KitState.EXPIRED, EnumSet.of(AT_DEPOT, RECEIVED, QUARANTINED));

        final String word;
        final String done;
        /** The state after; null for a release from quarantine, which goes back to the site's stock or the depot. */
        final KitState to;
        final Set<KitState> from;

        Action(String word, String done, KitState to, Set<KitState> from) {
            this.word = word;
            this.done = done;
            this.to = to;
            this.from = from;
        }

        static java.util.Optional<Action> parse(String word) {
            for (Action a : values()) {
                if (a.word.equals(word)) {
                    return java.util.Optional.of(a);
                }
            }
            return java.util.Optional.empty();
        }

        static String words() {
            return String.join(", ", java.util.Arrays.stream(values()).map(a -> a.word).toList());
        }
    }
}
