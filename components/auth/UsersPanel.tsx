"use client";
// The admin's list of users: change a role in place, remove someone (not oneself, which the server refuses
// too), add someone. The server refuses what would leave Netatlas without an admin, and its message is shown
// as it is.
import { type FormEvent, useState } from "react";
import { ROLES, type Role, type UserDto } from "@/lib/api/auth";
import { api } from "@/lib/client/api";
import { BUTTON, Field, FormAlert } from "./Field";
import { formatTime } from "./format-time";
import { NewPasswordField } from "./NewPasswordField";
import { type Problem, problemOf } from "./problem";
import { TableHead } from "./TableHead";

const CELL = "px-2 py-1 align-middle";
const SELECT = "rounded border border-slate-300 px-2 py-1 text-sm";

export function UsersPanel({ initial, selfId }: { initial: UserDto[]; selfId: number }) {
  const [users, setUsers] = useState(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function changeRole(user: UserDto, role: Role) {
    setProblem(null);
    try {
      const changed = await api<UserDto>(`/api/users/${user.id}`, { method: "PATCH", body: { role } });
      setUsers((list) => list.map((u) => (u.id === changed.id ? changed : u)));
      // Demoting oneself ends one's admin pages: reload to show where that leaves us.
      if (changed.id === selfId && changed.role !== "admin") window.location.reload();
    } catch (err) {
      // The select is controlled by `users`, so an unchanged list puts it back on the role that holds.
      setProblem(problemOf(err));
    }
  }

  async function remove(user: UserDto) {
    if (!window.confirm(`Remove ${user.username}? Their sessions and API tokens stop working.`)) return;
    setProblem(null);
    try {
      await api<UserDto>(`/api/users/${user.id}`, { method: "DELETE" });
      setUsers((list) => list.filter((u) => u.id !== user.id));
    } catch (err) {
      setProblem(problemOf(err));
    }
  }

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setProblem(null);
    try {
      const made = await api<UserDto>("/api/users", {
        method: "POST",
        body: {
          username: String(form.get("username") ?? ""),
          password: String(form.get("password") ?? ""),
          role: String(form.get("role") ?? "viewer"),
        },
      });
      setUsers((list) => [...list, made]);
      formElement.reset();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  const fields = problem?.fields ?? {};
  return (
    <div>
      <FormAlert message={problem?.message ?? null} />
      <table className="mt-2 w-full border-collapse bg-white text-sm" aria-label="Users">
        <TableHead columns={["User name", "Role", "Created"]} actions />
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-slate-100">
              <td className={CELL}>
                {u.username}
                {u.id === selfId ? <span className="ml-1 text-slate-500">(you)</span> : null}
              </td>
              <td className={CELL}>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) => changeRole(u, e.target.value as Role)}
                  className={SELECT}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td className={CELL}>{formatTime(u.createdAt)}</td>
              <td className={CELL}>
                {u.id === selfId ? (
                  // The server refuses it ("ask another admin"): offering it would only lead to that refusal.
                  <span
                    title="You cannot remove yourself; another admin can."
                    className="cursor-help px-2 text-slate-500"
                  >
                    you<span className="sr-only">: you cannot remove yourself; another admin can</span>
                  </span>
                ) : (
                  <button
                    type="button"
                    aria-label={`Remove ${u.username}`}
                    onClick={() => remove(u)}
                    className="rounded border border-red-300 px-2 py-0.5 text-red-700 hover:bg-red-50"
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="mt-8 mb-2 font-semibold">Add user</h2>
      <form onSubmit={add} className="flex flex-wrap items-start gap-3">
        <Field label="User name" name="username" error={fields.username} autoComplete="off" required />
        <NewPasswordField label="Password" error={fields.password} />
        <div className="flex flex-col gap-1">
          <label htmlFor="new-user-role" className="text-sm font-medium">
            Role
          </label>
          <select id="new-user-role" name="role" defaultValue="viewer" className={SELECT}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {fields.role ? <p className="text-xs text-red-700">{fields.role}</p> : null}
        </div>
        <button type="submit" disabled={busy} className={`${BUTTON} mt-6`}>
          Add user
        </button>
      </form>
    </div>
  );
}
