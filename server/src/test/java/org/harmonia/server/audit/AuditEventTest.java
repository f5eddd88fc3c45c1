package org.harmonia.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.harmonia.server.system.FieldError;
import org.harmonia.server.system.InvalidInputException;
import org.junit.jupiter.api.Test;

/** What an audit event must say before it can be written. */
class AuditEventTest {

    @Test
    void requiresActorActionAndEntity() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> new AuditEvent(" ", null, "mesems", null, "", null, null, null, null, null));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("actor", "action", "entityType", "entityId");
    }

    @Test
    void aChangeNamesItsFieldAndReason() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> AuditEvent.update("dm.rossi", "mesems", "stockholm", "visit", "V-1", null, "3.5", "4.0", " "));
        assertThat(e.errors()).containsExactly(new FieldError("field", "a change names the field that changed"),
                new FieldError("reason", "a reason is required to change a saved value"));
    }

    @Test
    void voidingNeedsAReason() {
        assertThatThrownBy(() -> AuditEvent.voided("dm.rossi", "mesems", "stockholm", "visit", "V-1", null))
                .isInstanceOf(InvalidInputException.class).hasMessage("reason: a reason is required to void a record");
    }

    @Test
    void refusesTextTheDatabaseCannotStore() {
        assertThatThrownBy(() -> AuditEvent.insert("dm.rossi", "mesems", "stockholm", "visit", "V-1", "comment", "a\0b"))
                .isInstanceOf(InvalidInputException.class).hasMessage("newValue: contains a NUL character, which cannot be stored");
    }

    @Test
    void actionsAreWordsInCapitals() {
        assertThat(AuditAction.of("UNBLIND").name()).isEqualTo("UNBLIND");
        assertThatThrownBy(() -> AuditAction.of("log in")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("action: an action is a word in capitals");
    }

    @Test
    void otherEventsCarryAnOptionalDetail() {
        AuditEvent login = AuditEvent.of("dm.rossi", AuditAction.of("LOGIN"), null, null, "user", "dm.rossi", "from 10.0.0.7", null);
        assertThat(login.newValue()).isEqualTo("from 10.0.0.7");
        assertThat(login.reason()).isNull();
    }

    @Test
    void anAnchorReadsAsSealOrRowColonHash() {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assertThat(ChainAnchor.parse("seal-12:" + hash.toUpperCase())).isEqualTo(ChainAnchor.seal(12, hash));
        assertThat(ChainAnchor.parse("seal-12:" + hash).toString()).isEqualTo("seal-12:" + hash);
        assertThat(ChainAnchor.parse("12:" + hash)).isEqualTo(ChainAnchor.row(12, hash));
        assertThatThrownBy(() -> ChainAnchor.parse(hash)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("anchor: an anchor is seal-POSITION:HASH");
        assertThatThrownBy(() -> ChainAnchor.parse("seal-x:" + hash)).hasMessageStartingWith("anchor: an anchor starts with seal-");
        assertThatThrownBy(() -> ChainAnchor.parse("12:abc")).hasMessage("anchor: the anchored hash must be 64 lower-case hex digits");
    }

    @Test
    void aQueryRefusesABackwardTimeWindowAndAnEntityIdWithoutItsType() {
        Instant t = Instant.parse("2025-03-01T00:00:00Z");
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> new AuditQuery(null, null, null, "S-1", null, t, t, 0, -1));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("entityType", "to", "limit", "offset");
    }
}
