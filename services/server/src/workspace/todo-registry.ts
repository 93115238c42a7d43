/**
 * The workspace's 待办 list is fed by the services: each registers a provider that lists the items
 * waiting for a user. The platform itself has none; docexchange, circulation, mail and conference
 * add theirs.
 */
import type { Principal, TodoProvider } from '@yizhan/core';
import type { TodoItem } from '@yizhan/protocol';

export class TodoRegistry {
  readonly #providers = new Map<string, TodoProvider>();

  register(name: string, provider: TodoProvider): void {
    if (this.#providers.has(name)) throw new Error(`todo provider ${name} registered twice`);
    this.#providers.set(name, provider);
  }

  /** All items, overdue first, then by deadline, then newest. */
  async list(principal: Principal): Promise<TodoItem[]> {
    const lists = await Promise.all([...this.#providers.values()].map((p) => p(principal)));
    return lists.flat().sort((a, b) => {
      if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
      if (a.deadline && b.deadline && a.deadline !== b.deadline) return a.deadline < b.deadline ? -1 : 1;
      if (!!a.deadline !== !!b.deadline) return a.deadline ? -1 : 1;
      return a.createdAt < b.createdAt ? 1 : -1;
    });
  }
}
