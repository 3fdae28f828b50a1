package io.revloop.inbox;

class InboxStorePostgresTest extends InboxStoreContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
