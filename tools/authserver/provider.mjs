// oidc-provider configuration: clients, the DeskAuth API resource, scopes/claims, lifetimes,
// keys and the pages oidc-provider renders itself (logout, errors).
import { generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

import Provider, { errors } from 'oidc-provider';

import { DEVICE_CODE_GRANT } from './device-polling.mjs';
import { escapeHtml, render } from './views.mjs';

export const DESKTOP_CLIENT_ID = 'deskauth-desktop';
export const API_CLIENT_ID = 'deskauth-api';
export const API_CLIENT_SECRET = 'deskauth-api-dev-secret';
export const API_RESOURCE = 'urn:deskauth:api';
export const API_SCOPE = 'api.read';

const LOOPBACK_PORTS = [8001, 8002, 8003];

export const CLIENTS = [
  {
    client_id: DESKTOP_CLIENT_ID,
    client_name: 'DeskAuth Desktop',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    // the device authorization grant (RFC 8628) is the second way to sign in
    grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
    response_types: ['code'],
    redirect_uris: [
      ...LOOPBACK_PORTS.map((port) => `http://127.0.0.1:${port}/callback`),
      'com.deskauth.desktop:/callback',
    ],
    post_logout_redirect_uris: [
      ...LOOPBACK_PORTS.map((port) => `http://127.0.0.1:${port}/logout-callback`),
      'com.deskauth.desktop:/logout-callback',
    ],
    id_token_signed_response_alg: 'RS256',
  },
  {
    // The sample API: a resource server that only authenticates to introspect tokens.
    client_id: API_CLIENT_ID,
    client_name: 'DeskAuth API',
    client_secret: API_CLIENT_SECRET,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: [],
    response_types: [],
    redirect_uris: [],
  },
];

const generateKeyPairAsync = promisify(generateKeyPair);

// Fresh signing keys for every start: RS256 (used for ID tokens and JWT access tokens) and
// an ES256 key that is published but only used when a client asks for ES256.
export async function generateSigningKeys() {
  const [rsa, ec] = await Promise.all([
    generateKeyPairAsync('rsa', { modulusLength: 2048 }),
    generateKeyPairAsync('ec', { namedCurve: 'P-256' }),
  ]);
  const stamp = new Date().toISOString().slice(0, 10);
  return {
    keys: [
      { ...rsa.privateKey.export({ format: 'jwk' }), kid: `rs256-${stamp}-${randomUUID().slice(0, 8)}`, alg: 'RS256', use: 'sig' },
      { ...ec.privateKey.export({ format: 'jwk' }), kid: `es256-${stamp}-${randomUUID().slice(0, 8)}`, alg: 'ES256', use: 'sig' },
    ],
    rsaPublicKey: rsa.publicKey,
  };
}

function requestedScopes(ctx) {
  return new Set(String(ctx.oidc.params?.scope ?? '').split(' ').filter(Boolean));
}

function clientName(ctx, fallback) {
  const client = ctx.oidc.client;
  return client ? client.clientName || client.clientId : fallback;
}

// options: parsed command line (config.mjs); accounts: AccountStore; stats: Stats;
// jwtAccessTokens: JwtAccessTokenRegistry (records which grant each JWT access token belongs to);
// pushedRequests: PushedRequests (the request_uri lifetime, the test endpoint's expiry).
export function createProvider(issuer, {
  options, accounts, stats, jwks, jwtAccessTokens, pushedRequests,
}) {
  const apiResourceServer = {
    scope: API_SCOPE,
    audience: API_RESOURCE,
    accessTokenTTL: options.accessTokenTtl,
    accessTokenFormat: options.accessTokenFormat,
    jwt: { sign: { alg: 'RS256' } },
  };
  // Grants must outlive the refresh tokens issued under them.
  const grantTtl = Math.max(options.refreshTokenTtl, 14 * 24 * 3600);

  const configuration = {
    clients: CLIENTS,
    findAccount: accounts.findAccount,
    jwks,
    cookies: {
      keys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')],
    },

    // Scopes and the claims they release. `regions` is a custom claim released both under
    // `profile` (what the desktop asks for) and under its own `regions` scope.
    scopes: ['openid', 'offline_access', 'profile', 'email', 'regions', API_SCOPE],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'regions'],
      email: ['email', 'email_verified'],
      regions: ['regions'],
    },
    // ID tokens carry the granted profile/email claims even in the code flow, so the desktop
    // can show who is signed in without calling userinfo.
    conformIdTokenClaims: false,

    responseTypes: ['code'],
    pkce: { required: () => true },

    // Refresh tokens: issued whenever offline_access was requested and granted (no prompt
    // parameter needed, see README), rotated on every use; presenting a rotated refresh token
    // again is invalid_grant and revokes the whole grant (oidc-provider's reuse detection).
    issueRefreshToken: async (_ctx, client, code) => (
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access')
    ),
    rotateRefreshToken: true,

    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? options.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: options.idTokenTtl,
      RefreshToken: options.refreshTokenTtl,
      Interaction: 15 * 60,
      Session: 24 * 3600,
      Grant: grantTtl,
      ClientCredentials: options.accessTokenTtl,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },

    extraTokenClaims: async (_ctx, token) => {
      if (token.resourceServer?.audience !== API_RESOURCE || !token.accountId) return undefined;
      const profile = accounts.profile(token.accountId);
      if (!profile) return undefined;
      return { name: profile.name, regions: [...(profile.regions ?? [])] };
    },
    formats: {
      customizers: {
        jwt: async (_ctx, token, jwt) => {
          jwtAccessTokens.remember(jwt.payload.jti, token.grantId, jwt.payload.exp);
        },
      },
    },

    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },

    clientBasedCORS: () => false,

    features: {
      devInteractions: { enabled: false },
      // RFC 9449: a token request with a DPoP proof gets token_type DPoP and cnf.jkt; "nonce"
      // also answers proofs without the server's nonce with use_dpop_nonce (§8). nonceSecret
      // (32 bytes) keys oidc-provider's stateless, time-windowed nonces.
      dPoP: {
        enabled: options.dpop !== 'off',
        nonceSecret: randomBytes(32),
        requireNonce: () => options.dpop === 'nonce',
        allowReplay: false,
      },
      // RFC 9126: the authorization parameters pushed to /request, the browser sent with
      // client_id + request_uri only; "required" refuses plain authorization requests (§5).
      pushedAuthorizationRequests: {
        enabled: options.par !== 'off',
        requirePushedAuthorizationRequests: options.par === 'required',
      },
      resourceIndicators: {
        enabled: true,
        // No `resource` parameter: asking for api.read means the DeskAuth API.
        defaultResource: async (ctx, _client, oneOf) => {
          if (oneOf) return oneOf.includes(API_RESOURCE) ? API_RESOURCE : oneOf[0];
          return requestedScopes(ctx).has(API_SCOPE) ? API_RESOURCE : undefined;
        },
        // The token endpoint keeps issuing for the resource the grant was made for, even
        // though `openid` is in scope (oidc-provider would otherwise issue a userinfo token).
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator === API_RESOURCE) return apiResourceServer;
          throw new errors.InvalidTarget(`unknown resource indicator (only ${API_RESOURCE} exists)`);
        },
      },
      introspection: {
        enabled: true,
        // Confidential clients (the API) may introspect any token, public clients their own.
        allowedPolicy: async (ctx, client, token) => (
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId
        ),
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (ctx, client, token) => {
          if (token.clientId !== client.clientId) {
            if (client.clientAuthMethod === 'none') return false;
            throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          }
          stats.increment('revocations');
          stats.increment(token.kind === 'RefreshToken' ? 'revoked_refresh_tokens' : 'revoked_access_tokens');
          return true;
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.set('Cache-Control', 'no-store');
          ctx.body = render('logout', { title: 'Sign out', form, clientName: clientName(ctx, 'An application') });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.set('Cache-Control', 'no-store');
          ctx.body = render('logged-out', { title: 'Signed out', clientName: clientName(ctx, 'the application') });
        },
      },
      // RFC 8628: /device/auth issues device and user codes; the user enters the code at
      // /device (pages below), then signs in and consents through the usual interaction pages.
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        userCodeInputSource: async (ctx, form, _out, err) => {
          const wrong = err && (err.userCode || err.name === 'NoCodeError');
          ctx.type = 'html';
          ctx.set('Cache-Control', 'no-store');
          ctx.body = render('device-code', {
            title: 'Connect a device',
            page: 'device-code',
            formHtml: form,
            errorHtml: err
              ? `<div class="error" id="error" role="alert">${wrong
                ? 'That code is not valid or has expired. Check the code on your device.'
                : 'The device sign-in could not continue. Start again on your device.'}</div>`
              : '',
          });
        },
        userCodeConfirmSource: async (ctx, form, client, _deviceInfo, userCode) => {
          ctx.type = 'html';
          ctx.set('Cache-Control', 'no-store');
          ctx.body = render('device-confirm', {
            title: 'Confirm device', page: 'device-confirm', formHtml: form, userCode, clientName: client.clientName || client.clientId,
          });
        },
        successSource: async (ctx) => {
          ctx.type = 'html';
          ctx.set('Cache-Control', 'no-store');
          ctx.body = render('device-done', { title: 'Device connected', page: 'device-done', clientName: clientName(ctx, 'the application') });
        },
      },
      userinfo: { enabled: true },
      claimsParameter: { enabled: false },
      clientCredentials: { enabled: false },
    },

    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      const details = Object.entries(out)
        .map(([key, value]) => `<p><code>${escapeHtml(key)}</code>: ${escapeHtml(value)}</p>`)
        .join('');
      ctx.body = render('error', {
        title: 'Error',
        page: 'error',
        heading: 'Something went wrong',
        message: out.error_description || out.error || 'The request could not be processed.',
        detailsHtml: details,
      });
    },
  };

  const provider = new Provider(issuer, configuration);
  // RFC 8628 §3.2: the device authorization response names the polling interval the server
  // enforces (device-polling.mjs), so a client follows the pace a test chose for this server.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/device/auth' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      ctx.body = { ...ctx.body, interval: options.devicePollInterval };
    }
  });
  provider.use(pushedRequests.middleware(provider));
  return provider;
}
