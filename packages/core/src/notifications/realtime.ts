/**
 * How use cases reach connected clients. The server implements it with socket.io (and the Redis
 * adapter when scaled out); a process with no clients (the admin CLI) uses the silent one.
 */
export interface Realtime {
  toUser(userId: string, event: string, payload: unknown): void;
  toAgency(agencyCode: string, event: string, payload: unknown): void;
}

export const noRealtime: Realtime = {
  toUser() {},
  toAgency() {},
};
