// Who is signed in. Locally, the local issuer gives a token for alice, bob or admin; on AWS, OpenID Connect's
// authorization-code flow with PKCE against the identity provider named in config.json. The token lives in
// sessionStorage (this tab only) and is sent as the API's bearer token; the API verifies it.
import { settings } from './config.js';

const KEY = 'checkout.session';
const PKCE = 'checkout.pkce';

export function session() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (stored && stored.expiresAt > Date.now()) return stored;
  } catch { /* no session */ }
  return null;
}

function claims(token) {
  const part = token.split('.')[1] || '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function groups(c) {
  const value = c['cognito:groups'] ?? c.groups ?? [];
  return Array.isArray(value) ? value : String(value).replace(/[[\]]/g, '').split(/[\s,]+/);
}

function remember(token) {
  const c = claims(token);
  const stored = {
    token,
    user: c.username || c['cognito:username'] || c.email || c.sub,
    admin: groups(c).includes('admin'),
    expiresAt: (c.exp ? c.exp * 1000 : Date.now() + 3600_000) - 30_000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(stored));
  return stored;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  const logout = settings().auth?.logoutUrl;
  if (logout) location.assign(logout);
}

export const localUsers = () => (settings().auth?.mode === 'local' ? settings().auth.users || [] : []);

/** Local cloud only: a token for one of its users. */
export async function signInLocally(user) {
  const response = await fetch(settings().auth.signInUrl || '_local/sign-in', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }),
  });
  if (!response.ok) throw new Error(`The local sign-in refused "${user}".`);
  return remember((await response.json()).token);
}

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n) => base64url(crypto.getRandomValues(new Uint8Array(n)));

async function endpoints(auth) {
  if (auth.authorizationEndpoint && auth.tokenEndpoint) return auth;
  const response = await fetch(`${auth.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error('The identity provider did not describe itself (openid-configuration).');
  const discovered = await response.json();
  return { authorizationEndpoint: discovered.authorization_endpoint, tokenEndpoint: discovered.token_endpoint };
}

const redirectUri = () => settings().auth.redirectUri || `${location.origin}${location.pathname}`;

/** OpenID Connect: off to the identity provider's sign-in page, with a PKCE challenge. */
export async function signInWithProvider(returnTo = location.hash) {
  const auth = settings().auth;
  const { authorizationEndpoint } = await endpoints(auth);
  const verifier = random(48);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(authorizationEndpoint);
  Object.entries({
    response_type: 'code', client_id: auth.clientId, redirect_uri: redirectUri(), scope: auth.scope || 'openid',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  }).forEach(([k, v]) => url.searchParams.set(k, v));
  location.assign(url);
}

/** Back from the identity provider with ?code=&state=: trades the code for tokens. Returns the hash to go on at, or null. */
export async function completeProviderSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') || settings().auth?.mode !== 'oidc') return null;
  const pending = JSON.parse(sessionStorage.getItem(PKCE) || 'null');
  sessionStorage.removeItem(PKCE);
  history.replaceState(null, '', location.pathname + (pending?.returnTo || '#/'));
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in answer did not match the request; please sign in again.');
  const auth = settings().auth;
  const { tokenEndpoint } = await endpoints(auth);
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: auth.clientId, code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error('The identity provider did not accept the sign-in; please try again.');
  const tokens = await response.json();
  remember(auth.useIdToken ? tokens.id_token : tokens.access_token);
  return pending.returnTo || '#/';
}
