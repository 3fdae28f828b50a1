package io.revloop.inbox;

class InboxStoreH2Test extends InboxStoreContract {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
