package dev.genieobo.agent;

/** Hears each new message of a turn as soon as it exists (for streaming). */
@FunctionalInterface
public interface TurnListener {

    TurnListener NONE = message -> {
    };

    void onMessage(TurnMessage message);
}
