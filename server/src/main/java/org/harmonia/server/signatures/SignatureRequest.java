package org.harmonia.server.signatures;

import org.harmonia.server.system.Text;

/**
 * Signing: the visit to sign ({@code visitId}; absent for the whole casebook), the meaning ({@code accurate-and-complete})
 * and the signer's own password entered again.
 */
public record SignatureRequest(String visitId, String meaning, String password) {
    public SignatureRequest {
        Text.singleLine("visitId", visitId, 100);
        Text.singleLine("meaning", meaning, 100);
        Text.singleLine("password", password, 200);
    }

    @Override
    public String toString() {
        // never the password, wherever a request is logged
        return "SignatureRequest[visitId=" + visitId + ", meaning=" + meaning + "]";
    }
}
