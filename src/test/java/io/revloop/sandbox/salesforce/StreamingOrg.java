package io.revloop.sandbox.salesforce;

import java.util.Map;

/** An org with a Streaming API, as the Camel consumer tests drive it: writes, token expiry, and the streaming half. */
interface StreamingOrg extends AutoCloseable {

    String baseUrl();

    String clientId();

    String clientSecret();

    String refreshToken();

    CometdStreaming streaming();

    String createAccount(String name);

    /** Sets the given fields of the account; a null value clears the field. */
    void updateAccount(String id, Map<String, Object> fields);

    void deleteAccount(String id);

    void undeleteAccount(String id);

    /** Expires every access token issued so far, as an admin revoking sessions would. */
    void expireTokens();
}
