package dev.genieobo.genie;

/** Hears each change of Genie's status while a question is answered (the first answer, then every poll that differs). */
@FunctionalInterface
public interface GenieStatusListener {

    GenieStatusListener NONE = (spaceId, status) -> {
    };

    void status(String spaceId, String status);
}
