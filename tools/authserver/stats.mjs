// Counters behind GET /test/stats. Each counter says what it counts in README.md.
const KEYS = [
  'authorization_code', // successful authorization_code grants at the token endpoint
  'refresh_token', // successful refresh_token grants
  'authorization_code_errors', // failed authorization_code grants (invalid_grant, ...)
  'refresh_token_errors', // failed refresh_token grants (invalid_grant, reuse, ...)
  'revocations', // tokens actually revoked at the revocation endpoint (unknown tokens not counted)
  'revoked_refresh_tokens', // ... of which refresh tokens
  'revoked_access_tokens', // ... of which access tokens
  'introspections', // answered introspection requests (active or not)
  'logins', // accepted username/password submissions
  'failed_logins', // rejected username/password submissions
  'consents', // approved consent forms
  'denials', // denied consents and cancelled logins
  'end_sessions', // completed RP-initiated logouts (end_session.success)
  'device_authorizations', // device authorization requests answered with a device code (RFC 8628 §3.2)
  'device_code', // successful device_code grants (tokens issued to a polling device)
  'device_code_pending', // device_code polls answered authorization_pending or slow_down (RFC 8628 §3.5)
  'device_code_errors', // device_code polls that failed otherwise (access_denied, expired_token, ...)
  'dpop_bound_grants', // successful grants whose tokens are DPoP-bound (token_type DPoP, RFC 9449)
  'pushed_authorization_requests', // authorization requests pushed to /request (RFC 9126 §2.2, 201)
];

export class Stats {
  #counts = {};

  constructor() {
    this.reset();
  }

  reset() {
    for (const key of KEYS) this.#counts[key] = 0;
  }

  increment(key) {
    if (!(key in this.#counts)) throw new Error(`unknown stats key ${key}`);
    this.#counts[key] += 1;
  }

  toJSON() {
    return { ...this.#counts };
  }
}
