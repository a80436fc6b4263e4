"use client";

import { PASSWORD_MIN_LENGTH, ROLES, type Role } from "@runboard/contract";
import { type FormEvent, useState } from "react";
import { trpc } from "../../trpc/react";
import { Timestamp } from "../timestamp";

export function UsersAdmin() {
  const utils = trpc.useUtils();
  const users = trpc.admin.users.list.useQuery();
  const create = trpc.admin.users.create.useMutation({ onSuccess: () => utils.admin.users.list.invalidate() });
  const setRole = trpc.admin.users.setRole.useMutation({ onSuccess: () => utils.admin.users.list.invalidate() });
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const data = new FormData(formElement);
    setMessage(null);
    try {
      const user = await create.mutateAsync({
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? ""),
        password: String(data.get("password") ?? ""),
        role: String(data.get("role")) as Role,
      });
      formElement.reset();
      setMessage({ kind: "success", text: `Created ${user.email} (${user.role}).` });
    } catch (error) {
      setMessage({ kind: "error", text: (error as Error).message });
    }
  }

  return (
    <>
      <h1>Users</h1>
      <section className="card" aria-labelledby="new-user">
        <h2 id="new-user">Add a user</h2>
        <form className="admin-form" onSubmit={onCreate}>
          <label>
            Email
            <input name="email" type="email" required />
          </label>
          <label>
            Name
            <input name="name" required />
          </label>
          <label>
            Password ({PASSWORD_MIN_LENGTH}+ characters, not a common one)
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={PASSWORD_MIN_LENGTH}
              required
            />
          </label>
          <label>
            Role
            <select name="role" defaultValue="viewer">
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Add user
          </button>
        </form>
        {message ? (
          <p role={message.kind === "error" ? "alert" : "status"} className={`banner banner-${message.kind}`}>
            {message.text}
          </p>
        ) : null}
      </section>
      <section className="card">
        {users.error ? <p className="banner banner-error">{users.error.message}</p> : null}
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Email</th>
                <th>Name</th>
                <th>Role</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id} data-testid={`user-${u.email}`}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={setRole.isPending}
                      onChange={(e) =>
                        setRole.mutate(
                          { user_id: u.id, role: e.target.value as Role },
                          { onError: (error) => setMessage({ kind: "error", text: error.message }) },
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <Timestamp seconds={u.created_at} />
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
