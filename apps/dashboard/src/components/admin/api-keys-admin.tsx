"use client";

import { type CreatedApiKey, KEY_SCOPES, type KeyScope } from "@runboard/contract";
import { type FormEvent, useState } from "react";
import { trpc } from "../../trpc/react";
import { CopyButton } from "../copy-button";
import { Timestamp } from "../timestamp";

export function ApiKeysAdmin() {
  const utils = trpc.useUtils();
  const keys = trpc.admin.apiKeys.list.useQuery();
  const create = trpc.admin.apiKeys.create.useMutation({ onSuccess: () => utils.admin.apiKeys.list.invalidate() });
  const revoke = trpc.admin.apiKeys.revoke.useMutation({ onSuccess: () => utils.admin.apiKeys.list.invalidate() });
  // The new key is kept only in this component's state: shown once, never fetched again.
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const data = new FormData(formElement);
    setError(null);
    try {
      const key = await create.mutateAsync({
        name: String(data.get("name") ?? ""),
        scope: String(data.get("scope")) as KeyScope,
      });
      formElement.reset();
      setCreated(key);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <>
      <h1>API keys</h1>
      <p className="muted">
        Services send a key as <code>Authorization: Bearer &lt;key&gt;</code> (the openai SDK&apos;s <code>apiKey</code>
        , <code>createRunboardClient({"{ apiKey }"})</code>).
      </p>
      <section className="card" aria-labelledby="new-key">
        <h2 id="new-key">Create a key</h2>
        <form className="admin-form" onSubmit={onCreate}>
          <label>
            Name
            <input name="name" required maxLength={64} placeholder="e.g. triage-bot" />
          </label>
          <label>
            Scope
            <select name="scope" defaultValue="read">
              {KEY_SCOPES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
        </form>
        <p className="muted">
          <code>read</code>: get, list, history and live updates. <code>read_write</code>: also modify metadata.{" "}
          <code>metrics</code>: only <code>GET /metrics</code> (for Prometheus); it reads no runs.
        </p>
        {error ? (
          <p role="alert" className="banner banner-error">
            {error}
          </p>
        ) : null}
        {created ? (
          <div className="banner banner-success" role="status" data-testid="new-key">
            <p>
              Key <strong>{created.name}</strong> ({created.scope}) created. Copy it now: it is shown only this once.
            </p>
            <div className="secret-once">
              <code data-testid="new-key-secret">{created.key}</code>
              <CopyButton value={created.key} label="API key" />
              <button type="button" className="link" onClick={() => setCreated(null)}>
                Done
              </button>
            </div>
          </div>
        ) : null}
      </section>
      <section className="card">
        {keys.error ? <p className="banner banner-error">{keys.error.message}</p> : null}
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scope</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(keys.data ?? []).map((k) => (
                <tr key={k.id} data-testid={`key-${k.name}`}>
                  <td>{k.name}</td>
                  <td className="mono">{k.start ? `${k.start}…` : ""}</td>
                  <td>{k.scope}</td>
                  <td>
                    <Timestamp seconds={k.created_at} />
                  </td>
                  <td>{k.last_used_at === null ? "never" : <Timestamp seconds={k.last_used_at} />}</td>
                  <td>{k.enabled ? "active" : "revoked"}</td>
                  <td>
                    {k.enabled ? (
                      <button
                        type="button"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(`Revoke the key '${k.name}'? Services using it stop working at once.`)) {
                            revoke.mutate({ id: k.id }, { onError: (e) => setError(e.message) });
                          }
                        }}
                      >
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
