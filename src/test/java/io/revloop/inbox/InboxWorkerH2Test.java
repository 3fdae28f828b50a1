package io.revloop.inbox;

class InboxWorkerH2Test extends InboxWorkerContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
