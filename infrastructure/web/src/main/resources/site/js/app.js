// The single-page app: reads config.json, completes a sign-in that comes back from the identity provider, and routes
// by the URL's hash: the shop (#/, #/cart, #/orders, #/orders/<id>) and the operations console (#/console/...).
import { html, show, $, notify, errorBox } from './dom.js';
import { loadConfig, settings } from './config.js';
import { session, signOut, localUsers, signInLocally, signInWithProvider, completeProviderSignIn } from './auth.js';
import { cartCount } from './cart.js';
import { nextRoute } from './route.js';
import { catalogPage, cartPage, orderPage, ordersPage, returnedFromPlatform } from './shop.js';

const routes = [
  [/^#?\/?$/, catalogPage],
  [/^#\/cart$/, cartPage],
  [/^#\/orders(\?.*)?$/, ordersPage],
  [/^#\/orders\/([^/?]+)$/, (m) => orderPage({ id: decodeURIComponent(m[1]) })],
  [/^#\/sign-in(\?.*)?$/, signInPage],
  [/^#\/console(\/.*)?$/, async (m) => (await import('./console.js')).consolePage(m[1] || '/')],
];

function nav() {
  const signedIn = session();
  const here = location.hash || '#/';
  const link = (href, label, match) => `<a href="${href}" ${match.test(here) ? 'aria-current="page"' : ''}>${label}</a>`;
  $('#nav').innerHTML = [
    link('#/', 'Shop', /^#?\/?$/),
    link('#/cart', `Cart <span class="count" aria-label="${cartCount()} items">${cartCount()}</span>`, /^#\/cart/),
    signedIn ? link('#/orders', 'Your orders', /^#\/orders/) : '',
    signedIn?.admin ? link('#/console', 'Console', /^#\/console/) : '',
  ].join('');
  $('#who').innerHTML = String(signedIn
    ? html`<span class="muted">Signed in as <strong>${signedIn.user}</strong>${signedIn.admin ? ' (operations)' : ''}</span> <button type="button" id="sign-out" class="link">Sign out</button>`
    : html`<a href="#/sign-in?then=${encodeURIComponent(here)}">Sign in</a>`);
  $('#sign-out')?.addEventListener('click', () => { signOut(); location.hash = '#/'; route(); });
}

async function signInPage() {
  const then = new URLSearchParams(location.hash.split('?')[1] || '').get('then') || '#/';
  const auth = settings().auth || {};
  if (auth.mode === 'oidc') {
    show(html`<h1>Sign in</h1><p>You are sent to the shop's sign-in page and back.</p><button type="button" id="go" class="primary">Continue to sign in</button>`);
    $('#go').addEventListener('click', () => signInWithProvider(then).catch((error) => notify(error.message, 'error')));
    return;
  }
  const users = localUsers();
  const main = show(html`
    <h1>Sign in</h1>
    <p class="muted">The local cloud's identity provider: pick who you are.</p>
    <div class="grid users">${users.map((u) => html`
      <button type="button" class="card user" data-user="${u.id}"><strong>${u.label}</strong><small>${u.description || ''}</small></button>`)}</div>
    <div id="sign-in-error"></div>`);
  main.querySelectorAll('button.user').forEach((button) => button.addEventListener('click', async () => {
    try {
      const who = await signInLocally(button.dataset.user);
      notify(`Signed in as ${who.user}.`, 'ok');
      location.hash = who.admin && then === '#/' ? '#/console' : then;
    } catch (error) {
      $('#sign-in-error').innerHTML = String(errorBox(error));
    }
  }));
}

async function route() {
  nextRoute();
  nav();
  const hash = location.hash || '#/';
  for (const [pattern, page] of routes) {
    const match = hash.match(pattern);
    if (match) {
      try {
        await page(match);
      } catch (error) {
        show(html`<h1>Something went wrong</h1>${errorBox(error)}`);
      }
      return;
    }
  }
  show(html`<h1>Not found</h1><p>There is no such page. <a href="#/">Back to the shop</a>.</p>`);
}

async function start() {
  try {
    await loadConfig();
    const then = await completeProviderSignIn();
    if (then) location.hash = then;
    returnedFromPlatform();
  } catch (error) {
    show(html`<h1>The shop could not start</h1>${errorBox(error)}`);
    return;
  }
  window.addEventListener('hashchange', route);
  window.addEventListener('checkout:cart', nav);
  window.addEventListener('checkout:signed-out', () => { sessionStorage.removeItem('checkout.session'); nav(); });
  document.documentElement.dataset.ready = 'true';
  route();
}

start();
