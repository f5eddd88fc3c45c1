package org.harmonia.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * One demo user per role for {@code harmonia demo}, all with the same printed password; never used by {@code serve}.
 * Site roles have a coordinator at three sites, so the demo's subjects on study are spread over several sites and
 * a site user sees only their own.
 */
@Service
public class DemoUsers {
    public static final String PASSWORD = "harmonia-demo";
    /** The demo's site coordinators by site: the sites where the demo has subjects on study. */
    public static final Map<String, String> SITE_COORDINATORS = Map.of("07", "coordinator", "01", "coordinator.genoa",
            "05", "coordinator.copenhagen");
    public static final String DATA_MANAGER = "datamanager";

    private final UserService users;

    public DemoUsers(UserService users) {
        this.users = users;
    }

    /** A demo account: its username, what it is, and where. */
    public record DemoUser(String username, String description) {
    }

    public List<DemoUser> create(String studyId) {
        List<DemoUser> out = new ArrayList<>();
        users.createUser("admin", "Demo administrator", PASSWORD, true, Caller.SYSTEM);
        out.add(new DemoUser("admin", "administrator (accounts), no study role"));
        add(out, studyId, "investigator", "Demo site investigator, Stockholm", Role.SITE_INVESTIGATOR, "07");
        add(out, studyId, "coordinator", "Demo site coordinator, Stockholm", Role.SITE_COORDINATOR, "07");
        add(out, studyId, "coordinator.genoa", "Demo site coordinator, Genoa", Role.SITE_COORDINATOR, "01");
        add(out, studyId, "coordinator.copenhagen", "Demo site coordinator, Copenhagen", Role.SITE_COORDINATOR, "05");
        add(out, studyId, DATA_MANAGER, "Demo central data manager", Role.CENTRAL_DATA_MANAGER, null);
        add(out, studyId, "monitor", "Demo monitor", Role.MONITOR, null);
        add(out, studyId, "statistician", "Demo unblinded statistician", Role.UNBLINDED_STATISTICIAN, null);
        add(out, studyId, "pharmacist", "Demo unblinded pharmacist", Role.UNBLINDED_PHARMACIST, null);
        add(out, studyId, "dsmb", "Demo DSMB member", Role.DSMB_MEMBER, null);
        add(out, studyId, "studyadmin", "Demo study administrator", Role.STUDY_ADMINISTRATOR, null);
        return out;
    }

    private void add(List<DemoUser> out, String studyId, String username, String name, Role role, String site) {
        users.createUser(username, name, PASSWORD, false, Caller.SYSTEM);
        users.assign(username, studyId, role, site, Caller.SYSTEM);
        out.add(new DemoUser(username, role.label() + (site == null ? "" : " at site " + site)));
    }
}
