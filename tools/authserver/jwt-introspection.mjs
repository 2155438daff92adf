// RFC 7662 introspection of JWT access tokens.
//
// oidc-provider refuses to introspect (or revoke) structured tokens: it expects resource
// servers to validate JWTs locally. The DeskAuth API can also be configured to introspect,
// so for the API's own client this server answers introspection of the JWT access tokens
// it issued itself: signature (our RS256 key), issuer and expiry are checked, and the token
// is only active while the grant it was issued under still exists (so revoking the refresh
// token, logging out or refresh-token reuse detection make it inactive, as for opaque tokens).
// Every other introspection request goes to oidc-provider unchanged.
import { timingSafeEqual, createHash, verify } from 'node:crypto';

export class JwtAccessTokenRegistry {
  #grantByJti = new Map();

  remember(jti, grantId, exp) {
    this.#prune();
    if (jti && grantId) this.#grantByJti.set(jti, { grantId, exp });
  }

  grantOf(jti) {
    return this.#grantByJti.get(jti)?.grantId;
  }

  #prune() {
    const now = Math.floor(Date.now() / 1000);
    for (const [jti, entry] of this.#grantByJti) {
      if (entry.exp <= now) this.#grantByJti.delete(jti);
    }
  }
}

function sameSecret(a, b) {
  const digest = (text) => createHash('sha256').update(String(text), 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

// Client credentials from an RFC 6749 §2.3.1 Basic header, or undefined.
function basicCredentials(header) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(String(header ?? ''));
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

function decodeSegment(segment) {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

export function looksLikeJwt(token) {
  const parts = String(token ?? '').split('.');
  if (parts.length !== 3) return false;
  try {
    return typeof decodeSegment(parts[0]).alg === 'string';
  } catch {
    return false;
  }
}

export class JwtIntrospection {
  #provider;
  #publicKey;
  #kid;
  #registry;
  #confidentialClients;

  // confidentialClients: Map client_id -> client_secret of clients allowed to introspect.
  constructor({ provider, publicKey, kid, registry, confidentialClients }) {
    this.#provider = provider;
    this.#publicKey = publicKey;
    this.#kid = kid;
    this.#registry = registry;
    this.#confidentialClients = confidentialClients;
  }

  // Returns true when the caller authenticated as a confidential client with Basic; only
  // then is the request ours to answer (otherwise oidc-provider answers it).
  authenticates(req) {
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials) return false;
    const secret = this.#confidentialClients.get(credentials.id);
    return secret !== undefined && sameSecret(secret, credentials.secret);
  }

  // The RFC 7662 response for a JWT access token.
  async introspect(token) {
    const inactive = { active: false };
    const [headerPart, payloadPart, signaturePart] = token.split('.');
    let header;
    let payload;
    try {
      header = decodeSegment(headerPart);
      payload = decodeSegment(payloadPart);
    } catch {
      return inactive;
    }
    if (header.alg !== 'RS256' || header.kid !== this.#kid || header.typ !== 'at+jwt') return inactive;
    const signed = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
      this.#publicKey,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!signed) return inactive;
    const now = Math.floor(Date.now() / 1000);
    if (payload.iss !== this.#provider.issuer || typeof payload.exp !== 'number' || payload.exp <= now) {
      return inactive;
    }
    const grantId = this.#registry.grantOf(payload.jti);
    const grant = grantId ? await this.#provider.Grant.find(grantId) : undefined;
    if (!grant || grant.accountId !== payload.sub) return inactive;
    return { ...payload, active: true, token_type: 'Bearer' };
  }
}
