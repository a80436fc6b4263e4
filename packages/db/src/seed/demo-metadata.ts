// Run and thread metadata for the demo set. The contract allows at most 16 keys, keys of at most
// 64 characters and string values of at most 512; the demo data goes right up to those limits
// (and to non-ASCII text) so that the editor and the validators are exercised on real rows.
import type { Rng } from "./prng.ts";

export const MAX_KEYS = 16;
export const MAX_KEY_LENGTH = 64;
export const MAX_VALUE_LENGTH = 512;

const PEOPLE = ["alice.nguyen", "bob.okafor", "chen.wei", "dana.kowalski", "emeka.obi", "farah.haddad", "jürgen.weiß"];
const NOTES = [
  "Customer asked for a callback tomorrow morning.",
  "Duplicate of an earlier ticket; linked both.",
  "Answer checked against the pricing page, looks right.",
  "Kunde möchte Rückruf 📞 — bitte vor 10 Uhr MEZ.",
  "顧客は返金を希望しています。確認済み ✅",
  "Résumé envoyé au client, en attente de réponse ⏳",
  "Tool output was stale; re-ran after cache flush 🔁",
];

// Realistic keys a team attaches to runs, each with a generator for plausible values.
const VALUE_GENERATORS: Readonly<Record<string, (rng: Rng) => string>> = {
  customer_id: (rng) => `cus_${rng.alnum(14)}`,
  ticket: (rng) => `SUP-${rng.int(1000, 99999)}`,
  env: (rng) => rng.pick(["production", "production", "staging", "dev"]),
  priority: (rng) => rng.pick(["low", "normal", "normal", "high", "urgent"]),
  reviewed_by: (rng) => `${rng.pick(PEOPLE)}@example.com`,
  channel: (rng) => rng.pick(["email", "chat", "web", "slack", "api"]),
  region: (rng) => rng.pick(["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-northeast-1"]),
  locale: (rng) => rng.pick(["en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "pt-BR"]),
  plan: (rng) => rng.pick(["free", "team", "business", "enterprise"]),
  order_id: (rng) => `ORD-2026-${rng.digits(5)}`,
  invoice_id: (rng) => `in_${rng.alnum(20)}`,
  sentiment: (rng) => rng.pick(["positive", "neutral", "negative"]),
  escalated: (rng) => (rng.chance(0.2) ? "true" : "false"),
  team: (rng) => rng.pick(["tier1", "tier2", "billing-ops", "data-platform", "devrel"]),
  source: (rng) => rng.pick(["zendesk", "intercom", "cron", "webhook", "slack-bot"]),
  experiment: (rng) => rng.pick(["control", "prompt-v3", "prompt-v4-short", "tools-first"]),
  trace_id: (rng) => rng.hex(32),
  session_id: (rng) => `sess_${rng.alnum(16)}`,
  app_version: (rng) => `2.${rng.int(10, 14)}.${rng.int(0, 9)}`,
  workflow: (rng) => rng.pick(["refund-review", "nightly-report", "release-notes", "triage", "churn-check"]),
  sla_tier: (rng) => rng.pick(["gold", "silver", "bronze"]),
  retry_count: (rng) => String(rng.int(0, 3)),
  notes: (rng) => rng.pick(NOTES),
};
const KEYS = Object.keys(VALUE_GENERATORS);

/** The number of keys a run gets: mostly a few, often none, sometimes all 16. */
function keyCount(rng: Rng): number {
  const bucket = rng.weighted({ none: 28, few: 50, many: 16, full: 6 });
  if (bucket === "none") return 0;
  if (bucket === "few") return rng.int(1, 4);
  if (bucket === "many") return rng.int(5, MAX_KEYS - 1);
  return MAX_KEYS;
}

export function runMetadata(rng: Rng, count = keyCount(rng)): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const key of rng.shuffle(KEYS).slice(0, count)) {
    metadata[key] = (VALUE_GENERATORS[key] as (rng: Rng) => string)(rng);
  }
  return metadata;
}

/**
 * One run's metadata at every limit at once: 16 keys, a key of exactly 64 characters, a value of
 * exactly 512 (ASCII, so it is 512 whichever way a client counts), and emoji/CJK text.
 */
export function limitMetadata(rng: Rng): Record<string, string> {
  const longKey = "escalation_review_checklist_for_enterprise_billing_dispute_v2_xl";
  const sentence = "Reviewed refund eligibility, invoice history and contract terms; approved by billing-ops. ";
  const longValue = sentence.repeat(Math.ceil(MAX_VALUE_LENGTH / sentence.length)).slice(0, MAX_VALUE_LENGTH);
  const metadata: Record<string, string> = {
    [longKey]: longValue,
    notes: "顧客は返金を希望しています 🙏 — Kunde möchte Rückruf 📞",
  };
  for (const key of rng.shuffle(KEYS.filter((k) => k !== "notes")).slice(0, MAX_KEYS - 2)) {
    metadata[key] = (VALUE_GENERATORS[key] as (rng: Rng) => string)(rng);
  }
  if (longKey.length !== MAX_KEY_LENGTH || Object.keys(metadata).length !== MAX_KEYS) {
    throw new Error("limitMetadata() drifted from the contract's limits");
  }
  return metadata;
}

/** Threads carry a little metadata of their own (who the conversation is with). */
export function threadMetadata(rng: Rng): Record<string, string> {
  if (rng.chance(0.3)) return {};
  const metadata: Record<string, string> = { customer_id: `cus_${rng.alnum(14)}` };
  if (rng.chance(0.6)) metadata.channel = rng.pick(["email", "chat", "web", "slack", "api"]);
  return metadata;
}
