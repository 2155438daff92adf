// Pushed authorization requests (RFC 9126) as the tests need them: oidc-provider's
// pushedAuthorizationRequests feature holds the parameters; this keeps the request_uri lifetime
// the test chose (--par-ttl, at most oidc-provider's 60 s for the unsigned pushes a public client
// makes) and, for POST /test/expire-pushed-requests, ends every pushed request's life at once: the
// test that proves an expired request_uri is not reused waits for nothing.

// oidc-provider's route for the endpoint and the prefix of the request_uri values it issues.
export const PUSHED_REQUEST_PATH = '/request';
const PUSHED_REQUEST_URN = 'urn:ietf:params:oauth:request_uri:';

const MAX_TRACKED = 10000;

export class PushedRequests {
  #ids = new Set(); // jti of the pushed requests not yet expired by the test endpoint
  #ttl;

  constructor(ttlSeconds) {
    this.#ttl = ttlSeconds;
  }

  // Koa middleware for the provider: the pushed request's model gets the chosen lifetime, and
  // the answer says so (§2.2 expires_in).
  middleware(provider) {
    return async (ctx, next) => {
      await next();
      if (ctx.path !== PUSHED_REQUEST_PATH || ctx.status !== 201 || typeof ctx.body?.request_uri !== 'string') return;
      const id = ctx.body.request_uri.slice(PUSHED_REQUEST_URN.length);
      const pushed = await provider.PushedAuthorizationRequest.find(id);
      if (!pushed) return;
      await pushed.save(this.#ttl);
      if (this.#ids.size >= MAX_TRACKED) this.#ids.clear();
      this.#ids.add(id);
      ctx.body = { ...ctx.body, expires_in: this.#ttl };
    };
  }

  // Destroys every pushed request: its request_uri is then refused as oidc-provider refuses an
  // expired one (invalid_request_uri). Returns how many there were.
  async expireAll(provider) {
    const ids = [...this.#ids];
    this.#ids.clear();
    let expired = 0;
    for (const id of ids) {
      const pushed = await provider.PushedAuthorizationRequest.find(id, { ignoreExpiration: true });
      if (pushed) {
        await pushed.destroy();
        expired += 1;
      }
    }
    return expired;
  }
}
