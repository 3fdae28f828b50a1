package io.revloop.sandbox.salesforce;

/** Query errors with Salesforce's layout: the query, a caret under the column, the row and column, then the reason. */
final class SoqlException {

    private SoqlException() {
    }

    static ApiException malformed(String soql, int column, String reason) {
        return error("MALFORMED_QUERY", soql, column, reason);
    }

    static ApiException error(String errorCode, String soql, int column, String reason) {
        String message = "\n" + soql + "\n" + " ".repeat(Math.max(0, column - 1)) + "^\nERROR at Row:1:Column:" + column + "\n" + reason;
        return new ApiException(400, ApiError.of(errorCode, message));
    }
}
