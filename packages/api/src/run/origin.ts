import type { Actor, Surface } from "@runboard/contract";

/**
 * Who made a change and through which surface; every metadata change records it in the run's
 * history. The actor is anonymous until sign-in exists, then a user or an API key.
 */
export interface ChangeOrigin {
  actor: Actor;
  surface: Surface;
}
