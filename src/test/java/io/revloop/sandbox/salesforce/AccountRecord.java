package io.revloop.sandbox.salesforce;

import org.apache.camel.component.salesforce.api.dto.AbstractQueryRecordsBase;
import org.apache.camel.component.salesforce.api.dto.AbstractSObjectBase;

/** A minimal generated-style DTO, so tests can use the producer's typed paths (streamQueryResult needs one). */
public class AccountRecord extends AbstractSObjectBase {

    public static class QueryRecords extends AbstractQueryRecordsBase<AccountRecord> {
    }
}
