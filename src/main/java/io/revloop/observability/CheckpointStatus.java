package io.revloop.observability;

import java.time.Instant;
import java.util.Map;

/** Durable replay checkpoints, provided by the intake. */
public interface CheckpointStatus {

    /** When each checkpoint (e.g. one per CDC channel or Ordway poll) was last advanced, by checkpoint name. */
    Map<String, Instant> lastAdvanced();
}
