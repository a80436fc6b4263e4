import type { Actor, Surface } from "@runboard/contract";

/** How the history names an actor: its label, else its id, else "someone" (anonymous changes). */
export function actorName(actor: Actor): string {
  return actor.label ?? actor.id ?? "someone";
}

const SURFACES: Record<Surface, string> = {
  dashboard: "in the dashboard",
  trpc: "through the API (tRPC)",
  rest: "through the REST API",
  import: "by an import",
  cli: "from the command line",
};

/** "in the dashboard", "through the REST API", … */
export function surfaceName(surface: Surface): string {
  return SURFACES[surface];
}
