/** Polls fn until it returns something truthy (a state reached asynchronously: a delivery, a notification). */
export async function waitFor<T>(fn: () => Promise<T | undefined | false | null>, ms = 15_000, what = 'condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
