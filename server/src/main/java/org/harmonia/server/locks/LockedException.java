package org.harmonia.server.locks;

import org.harmonia.server.system.ConflictException;

/** A change refused because a lock covers the data: 409, the detail naming the lock; pages show it beside the form. */
public class LockedException extends ConflictException {
    private final DataLock lock;

    public LockedException(String what, DataLock lock) {
        super(what + " is locked (" + lock.describe() + ", reason: " + lock.reason() + "); nothing was changed. "
                + "A data manager must unlock it, with a reason, before it can change");
        this.lock = lock;
    }

    public DataLock lock() {
        return lock;
    }
}
