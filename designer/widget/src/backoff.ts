/**
 * How long to wait before reconnection attempt `attempt` (0 = the first after a drop): 1 s doubling
 * up to 30 s, each spread ±20% so that many visitors dropped at once (a server restart) do not all
 * come back in the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (0.8 + 0.4 * random()));
}
