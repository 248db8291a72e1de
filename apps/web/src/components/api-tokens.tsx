"use client";

import { type FormEvent, useCallback, useEffect, useState } from "react";
import { trpc } from "@/lib/trpc-client";

type Token = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

export function ApiTokens() {
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    trpc.account.apiTokens.list.query().then(setTokens, (e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    try {
      const created = await trpc.account.apiTokens.create.mutate({ name });
      setFresh(created.token);
      form.reset();
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="card">
      {fresh && (
        <p role="status">
          Your new token (shown once): <code>{fresh}</code>
        </p>
      )}
      {error && <p className="error">{error}</p>}
      {tokens && tokens.length > 0 && (
        <table>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td className="muted">created {new Date(t.createdAt).toLocaleDateString()}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => trpc.account.apiTokens.revoke.mutate({ id: t.id }).then(load)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={create} style={{ display: "flex", gap: "0.5rem", marginTop: "0.75rem" }}>
        <input
          name="name"
          placeholder="Token name, e.g. laptop"
          required
          maxLength={80}
          aria-label="Token name"
        />
        <button type="submit">Create token</button>
      </form>
    </div>
  );
}
