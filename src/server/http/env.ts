/** The Hono environment every route and middleware of the server shares. */
import type { IncomingMessage } from 'node:http';

export interface AppEnv {
  /** Under `@hono/node-server` the Node request; undefined under `app.request()` (tests). */
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    requestId: string;
    /** The organisation whose staff key the request carries (set by `requireStaff`). */
    organisation: string;
  };
}
