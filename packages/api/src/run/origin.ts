import type { Actor, Surface } from "@runboard/contract";

/**
 * Who made a change and through which surface; every metadata change records it in the run's
 * history. The actor is the signed-in user or the API key (the CLI records itself as `system`).
 */
export interface ChangeOrigin {
  actor: Actor;
  surface: Surface;
}
