/**
 * The venue map's API: public venue lists and overlays (open data, no login), preliminary
 * reservations and cancel links (CORS for the organisations' allow-lists), and the officials'
 * endpoints with the staff key of the venue's city. Mounted by app.ts at /v1/venues and
 * /v1/venue-reservations.
 */
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody, readQuery } from '../http/body.js';
import { allowListCors, openDataCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { idempotencyKey } from '../http/idempotency.js';
import { ProblemError } from '../http/problem.js';
import { requireOrganisation } from '../http/staff.js';
import { Overlays } from './overlays.js';
import { VenueService, type VenueOptions } from './service.js';
import { VENUE_DATA_DIR, venueOptionsFromEnv } from './settings.js';
import { VenueSweeper } from './sweeper.js';

export function venueRoutes(ctx: ServerContext, overrides: Partial<VenueOptions> = {}) {
  const { db, config, contract, catalog, logger } = ctx;
  const options = { ...venueOptionsFromEnv(process.env, config), ...overrides };
  const service = new VenueService(db, logger, options);
  // Active expiry: lapses holds and promotes queues on a timer (unref'd; stopped by `sweeper.stop()`).
  const sweeper = new VenueSweeper(service, options.sweepIntervalMs ?? 0, logger);
  sweeper.start();
  const overlays = new Overlays(VENUE_DATA_DIR);
  const publicCors = (methods: string[]) => allowListCors((origin) => catalog.allowedOrigins.has(origin), methods);

  const knownOrganisation = (id: string): void => {
    if (!catalog.organisations.has(id))
      throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
  };

  const venues = new Hono<AppEnv>()
    .use('/', openDataCors)
    .use('/overlays', openDataCors)
    .get('/', async (c) => {
      const q = readQuery(c, contract.query.listVenues);
      knownOrganisation(q.organisation);
      const list = await service.listVenues(q.organisation);
      return c.json({ organisation: q.organisation, ...list }, 200, { 'cache-control': 'no-store' });
    })
    .get('/overlays', async (c) => {
      const q = readQuery(c, contract.query.getVenueOverlays);
      knownOrganisation(q.organisation);
      const rows = await db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM venues WHERE organisation_id = $1', [q.organisation]);
      return c.json(
        overlays.near(
          q.organisation,
          rows.rows.map((r) => [r.lon, r.lat]),
        ),
        200,
        { 'cache-control': 'public, max-age=300' },
      );
    })
    .use('/:venue', openDataCors)
    .get('/:venue', async (c) => {
      const { venue } = readQuery(c, contract.query.getVenue, { venue: c.req.param('venue') });
      return c.json(await service.getVenue(venue), 200, { 'cache-control': 'no-store' });
    })
    .options('/:venue/reservations', publicCors(['POST']))
    .post('/:venue/reservations', publicCors(['POST']), ctx.rateLimit, async (c) => {
      const { venue } = readQuery(c, contract.query.reserveVenue, { venue: c.req.param('venue') });
      const body = await readBody(c, config.bodyLimitBytes, contract.body.venueReservationRequest);
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== ctx.ownOrigin(c)) {
        const owner = (await db.query<{ organisation_id: string }>('SELECT organisation_id FROM venues WHERE id = $1', [venue])).rows[0];
        const org = owner && catalog.organisations.get(owner.organisation_id);
        if (org && !org.allowedOrigins.has(origin)) throw new ProblemError('origin_not_allowed');
      }
      // Optional here (older clients send none); when sent, a retry answers the first receipt again.
      const raw = c.req.header('idempotency-key');
      const key = raw === undefined ? undefined : idempotencyKey(c, contract.idempotencyKey);
      const { receipt, replayed } = await service.reserve(venue, body, key);
      return c.json(receipt, replayed ? 200 : 201, { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
    })
    .post('/:venue/blocks', ctx.rateLimit, ctx.requireStaff, async (c) => {
      const { venue } = readQuery(c, contract.query.reserveVenue, { venue: c.req.param('venue') });
      const body = await readBody(c, config.bodyLimitBytes, contract.body.venueBlockRequest);
      return c.json(await service.block(c.get('organisation'), venue, body), 201, { 'cache-control': 'no-store' });
    })
    .post('/:venue/facts', ctx.rateLimit, ctx.requireStaff, async (c) => {
      const { venue } = readQuery(c, contract.query.reserveVenue, { venue: c.req.param('venue') });
      const body = await readBody(c, config.bodyLimitBytes, contract.body.venueFactsUpdate);
      return c.json(await service.updateFacts(c.get('organisation'), venue, body), 200, { 'cache-control': 'no-store' });
    });

  const reservations = new Hono<AppEnv>()
    .options('/cancel', publicCors(['POST']))
    .post('/cancel', publicCors(['POST']), ctx.rateLimit, async (c) => {
      const body = await readBody(c, config.bodyLimitBytes, contract.body.venueCancelRequest);
      return c.json(await service.cancel(body.token), 200, { 'cache-control': 'no-store' });
    })
    .options('/lookup', publicCors(['POST']))
    .post('/lookup', publicCors(['POST']), ctx.rateLimit, async (c) => {
      const body = await readBody(c, config.bodyLimitBytes, contract.body.venueCancelRequest);
      return c.json(await service.lookup(body.token), 200, { 'cache-control': 'no-store' });
    })
    .get('/', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.listVenueReservations);
      requireOrganisation(c, q.organisation);
      return c.json({ organisation: q.organisation, items: await service.staffList(q.organisation) }, 200, { 'cache-control': 'no-store' });
    })
    .post('/:reservation/decision', ctx.rateLimit, ctx.requireStaff, async (c) => {
      const { reservation } = readQuery(c, contract.query.decideVenueReservation, { reservation: c.req.param('reservation') });
      const body = await readBody(c, config.bodyLimitBytes, contract.body.venueDecisionRequest);
      return c.json(await service.decide(c.get('organisation'), reservation, body.decision, body.note), 200, {
        'cache-control': 'no-store',
      });
    });

  return { venues, reservations, service, sweeper };
}
