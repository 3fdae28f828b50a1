package io.revloop.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes made in the org by a person other than the integration user, as end-to-end tests need them. */
public final class OrgUsers {

    private OrgUsers() {
    }

    /** Creates an active standard user and returns its id. */
    public static String createUser(SalesforceSandbox sandbox, String username, String lastName) {
        SalesforceOrg org = sandbox.org();
        return org.transaction(new Actor(null, ""), tx -> new Dml(tx).insertAsSystem(sandbox.schema().get("User"),
                Map.of("Username", username, "LastName", lastName, "Email", username, "Alias", "person")));
    }

    /** Updates a record as that user, from the Salesforce UI (no API change origin). */
    public static void updateAs(SalesforceSandbox sandbox, String userId, String type, String id,
            Map<String, ?> fields) {
        sandbox.org().transaction(new Actor(userId, ""), tx -> {
            new Dml(tx).update(sandbox.schema().get(type), id, new LinkedHashMap<>(fields));
            return null;
        });
    }
}
