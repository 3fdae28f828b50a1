package io.revloop.inbox;

class InboxWorkerPostgresTest extends InboxWorkerContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }
}
