package org.harmonia.trial.randomisation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates blinded kit lists for dispensing: kit numbers drawn at random without replacement from the
 * trial's seed, so they are unique, not consecutive, and say nothing of the arm; which kit holds which arm
 * is the returned mapping, to be kept where only the unblinded can read it.
 */
public final class KitNumbers {
    /** The purpose under which the seed's stream for kit numbers is derived. */
    static final String PURPOSE = "kit-numbers";
    /**
     * At most a tenth of the 900,000 possible numbers are ever issued, so a number made up by someone
     * guessing (with a correct check digit) is nine times out of ten no kit at all, and drawing stays fast.
     */
    public static final int MAX_KITS = 90_000;

    private KitNumbers() {
    }

    /**
     * A batch of kits: {@code kitsPerArm} says how many kits of each arm; {@code alreadyIssued} holds the
     * numbers of earlier batches, never drawn again. The batch name separates batches' random streams; the
     * same seed, batch name, counts and issued numbers always give the same kits. The kits come in random
     * order.
     */
    public static List<Kit> generate(RandomisationSeed secretSeed, String batch, Map<String, Integer> kitsPerArm,
                                     Set<KitNumber> alreadyIssued) {
        if (batch == null || batch.isBlank()) {
            throw new RandomisationException("a kit batch needs a name");
        }
        // Sorted by arm, so the result does not depend on the iteration order of the caller's map.
        TreeMap<String, Integer> perArm = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Integer> e : kitsPerArm.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank()) {
                throw new RandomisationException("kits are ordered for an arm without a name");
            }
            Integer n = e.getValue();
            if (n == null || n < 0) {
                throw new RandomisationException("the number of kits of arm " + e.getKey() + " must be zero or more; got " + n);
            }
            perArm.put(e.getKey(), n);
            total += n;
        }
        if (total == 0) {
            throw new RandomisationException("a kit batch needs at least one kit");
        }
        if (alreadyIssued == null) {
            throw new RandomisationException("the kit numbers already issued must be given (an empty set for the first batch)");
        }
        if (total + alreadyIssued.size() > MAX_KITS) {
            throw new RandomisationException("a trial can issue at most " + MAX_KITS + " kit numbers; this batch of " + total
                    + " would bring it to " + (total + alreadyIssued.size()));
        }
        List<String> contents = new ArrayList<>((int) total);
        perArm.forEach((arm, n) -> {
            for (int i = 0; i < n; i++) {
                contents.add(arm);
            }
        });
        SeededRandom random = SeededRandom.of(secretSeed, PURPOSE, batch);
        random.shuffle(contents);
        Set<Integer> used = new HashSet<>();
        for (KitNumber k : alreadyIssued) {
            used.add(Integer.parseInt(k.value().substring(0, 6)));
        }
        int span = KitNumber.BODY_MAX - KitNumber.BODY_MIN + 1;
        List<Kit> kits = new ArrayList<>((int) total);
        for (String arm : contents) {
            int body;
            do {
                body = KitNumber.BODY_MIN + random.nextInt(span);
            } while (!used.add(body));
            kits.add(new Kit(KitNumber.of(body), arm));
        }
        return kits;
    }
}
