package dev.settlement.service.auth;

import jakarta.enterprise.context.ApplicationScoped;

/** Who the current request is, as the actor its status changes record. */
@ApplicationScoped
public class Caller {
    /** The actor of every change while authentication is off: nobody proved who they are. */
    public static final String ANONYMOUS = "anonymous";

    /** The service has no authentication yet, so every caller is {@link #ANONYMOUS}. */
    public String actor() {
        return ANONYMOUS;
    }
}
