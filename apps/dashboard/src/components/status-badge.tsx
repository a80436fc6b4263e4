import type { RunStatus } from "@runboard/contract";

const LABELS: Record<RunStatus, string> = {
  queued: "queued",
  in_progress: "in progress",
  requires_action: "requires action",
  cancelling: "cancelling",
  cancelled: "cancelled",
  failed: "failed",
  completed: "completed",
  expired: "expired",
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
