package dev.genieobo.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every error body: a Databricks-style code and a message a user can act on; for a
 * refusal for load also when to try again (the {@code Retry-After} header's value,
 * repeated here for stream events, which have no headers).
 */
@RegisterForReflection
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record ApiError(@JsonProperty("error_code") String errorCode, String message,
        @JsonProperty("retry_after_seconds") Long retryAfterSeconds) {

    public ApiError(String errorCode, String message) {
        this(errorCode, message, null);
    }
}
