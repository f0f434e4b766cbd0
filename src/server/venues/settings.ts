/**
 * The venue domain's settings, from the environment (documented in docs/venue-map.md):
 * LUUKKU_VENUE_CANCEL_PAGE — the page a notice's cancel link opens (default: the demo event
 * page of the server's public origin); LUUKKU_VENUE_WEBHOOK_URL and LUUKKU_VENUE_WEBHOOK_SECRET
 * — where notices are also POSTed, signed with HMAC-SHA256 (both or neither);
 * LUUKKU_VENUE_SWEEP_SECONDS — how often expired holds are lapsed and queues promoted actively
 * (default 60; 0 turns the timer off, expiry is then applied only when a venue is read).
 */
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../config.js';
import type { VenueOptions } from './service.js';

export const VENUE_DATA_DIR = fileURLToPath(new URL('../../data/venues/', import.meta.url));

export function venueOptionsFromEnv(env: NodeJS.ProcessEnv, config: Pick<ServerConfig, 'publicOrigin' | 'host' | 'port'>): VenueOptions {
  const origin = config.publicOrigin ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const cancelPage = env.LUUKKU_VENUE_CANCEL_PAGE?.trim() || `${origin}/tapahtuma.html`;
  try {
    new URL(cancelPage);
  } catch {
    throw new Error(`LUUKKU_VENUE_CANCEL_PAGE must be an absolute URL, got "${cancelPage}"`);
  }
  const url = env.LUUKKU_VENUE_WEBHOOK_URL?.trim();
  const secret = env.LUUKKU_VENUE_WEBHOOK_SECRET?.trim();
  if (Boolean(url) !== Boolean(secret)) throw new Error('Set both LUUKKU_VENUE_WEBHOOK_URL and LUUKKU_VENUE_WEBHOOK_SECRET, or neither');
  if (secret && secret.length < 16) throw new Error('LUUKKU_VENUE_WEBHOOK_SECRET must be at least 16 characters');
  const sweep = env.LUUKKU_VENUE_SWEEP_SECONDS?.trim() || '60';
  if (!/^\d{1,6}$/.test(sweep)) throw new Error(`LUUKKU_VENUE_SWEEP_SECONDS must be a whole number of seconds (0 = off), got "${sweep}"`);
  return {
    now: () => new Date(),
    cancelPage,
    sweepIntervalMs: Number(sweep) * 1000,
    ...(url && secret ? { webhook: { url, secret } } : {}),
  };
}
