package org.harmonia.server.security;

import static org.harmonia.server.security.Role.*;

import java.util.EnumSet;
import java.util.Set;

/** What a role may do in a study; the role matrix of docs/roles.md, in code. */
public enum Permission {
    VIEW_STUDY(EnumSet.allOf(Role.class)),
    SCREEN_AND_ENROL(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR)),
    ENTER_DATA(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR)),
    READ_DATA(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR, CENTRAL_DATA_MANAGER, MONITOR, UNBLINDED_STATISTICIAN)),
    RANDOMISE(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR)),
    RAISE_AND_CLOSE_QUERIES(EnumSet.of(CENTRAL_DATA_MANAGER)),
    /** Monitors raise queries on what source data verification finds; re-opening and closing stay the data manager's. */
    RAISE_QUERIES(EnumSet.of(CENTRAL_DATA_MANAGER, MONITOR)),
    /** The cross-site views of data completeness, overdue visits and query ageing. */
    READ_DATA_MANAGEMENT(EnumSet.of(CENTRAL_DATA_MANAGER, MONITOR)),
    ANSWER_QUERIES(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR)),
    READ_QUERIES(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR, CENTRAL_DATA_MANAGER, MONITOR)),
    READ_SAFETY_FLAGS(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR, CENTRAL_DATA_MANAGER, MONITOR)),
    SUBMIT_EXPEDITED_REPORTS(EnumSet.of(SITE_INVESTIGATOR)),
    READ_AUDIT_TRAIL(EnumSet.of(MONITOR, CENTRAL_DATA_MANAGER)),
    EMERGENCY_UNBLIND(EnumSet.of(SITE_INVESTIGATOR)),
    MANAGE_RANDOMISATION(EnumSet.of(UNBLINDED_STATISTICIAN)),
    SEE_ALLOCATION(EnumSet.of(UNBLINDED_STATISTICIAN, UNBLINDED_PHARMACIST)),
    DISPENSE(EnumSet.of(UNBLINDED_PHARMACIST)),
    READ_UNBLINDED_REPORTS(EnumSet.of(UNBLINDED_STATISTICIAN, DSMB_MEMBER)),
    READ_BLINDED_REPORTS(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR, CENTRAL_DATA_MANAGER, MONITOR,
            UNBLINDED_STATISTICIAN, STUDY_ADMINISTRATOR)),
    MANAGE_USERS(EnumSet.of(STUDY_ADMINISTRATOR)),
    LOCK_DATA(EnumSet.of(CENTRAL_DATA_MANAGER)),
    READ_LOCKS(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR, CENTRAL_DATA_MANAGER, MONITOR, UNBLINDED_STATISTICIAN, DSMB_MEMBER)),
    SIGN_CASEBOOKS(EnumSet.of(SITE_INVESTIGATOR)),
    VERIFY_SOURCE_DATA(EnumSet.of(MONITOR)),
    READ_SOURCE_DATA_VERIFICATION(EnumSet.of(SITE_INVESTIGATOR, SITE_COORDINATOR, CENTRAL_DATA_MANAGER, MONITOR));

    private final Set<Role> roles;

    Permission(Set<Role> roles) {
        this.roles = roles;
    }

    public Set<Role> roles() {
        return roles;
    }

    public boolean grantedTo(Role role) {
        return roles.contains(role);
    }
}
