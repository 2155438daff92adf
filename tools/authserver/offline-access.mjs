// oidc-provider (v9) silently drops the `offline_access` scope from an authorization request
// unless the request also says prompt=consent (OpenID Connect Core §11 lets an OP do that), so
// an ordinary request for "openid ... offline_access" would never get a refresh token.
// DeskAuth's clients ask for offline_access without a prompt parameter, so when a request asks
// for offline_access and has no prompt parameter at all, this server adds prompt=consent.
// Nothing changes for users: oidc-provider shows the consent page to native clients on every
// authorization anyway (RFC 8252 §8.6). An explicit prompt (e.g. prompt=none) is left alone, and
// then offline_access is dropped as before.
const ENDPOINTS = new Set(['/auth', '/request']); // authorization endpoint and PAR

export function appliesTo(method, pathname) {
  return ENDPOINTS.has(pathname) && (method === 'GET' || method === 'POST');
}

// Adds prompt=consent to the URLSearchParams when needed; returns true when it changed them.
export function addConsentPromptForOfflineAccess(params) {
  if (params.has('prompt') || params.has('request') || params.has('request_uri')) return false;
  const scopes = String(params.get('scope') ?? '').split(' ');
  if (!scopes.includes('offline_access')) return false;
  params.set('prompt', 'consent');
  return true;
}
