package org.harmonia.server.visits;

import org.harmonia.server.system.Text;

/** Withdrawing a record from use (it stays visible to auditors): the version read and the reason. */
public record VoidRequest(Integer version, String reason) {
    public VoidRequest {
        Text.multiLine("reason", reason);
    }
}
