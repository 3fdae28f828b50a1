package io.revloop.deadletter;

import io.revloop.inbox.EventRequeuer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;

/** The inbox side of a replay, as seen by the tests: records every call and answers as told. */
class RecordingRequeuer implements EventRequeuer {

    final List<Long> calls = new CopyOnWriteArrayList<>();
    private volatile LongPredicate answer = id -> true;

    @Override
    public boolean requeue(long inboxEventId) {
        calls.add(inboxEventId);
        return answer.test(inboxEventId);
    }

    void answer(LongPredicate answer) {
        this.answer = answer;
    }

    void reset() {
        calls.clear();
        answer = id -> true;
    }
}
