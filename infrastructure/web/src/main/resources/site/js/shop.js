// The customer's pages: the catalog, the cart and checkout, one order (live until it is decided), the order history.
import { html, raw, show, $, $$, notify, errorBox, when, newKey } from './dom.js';
import { call, allPages, query } from './api.js';
import { formatMoney } from './money.js';
import { session } from './auth.js';
import { settings } from './config.js';
import * as basket from './cart.js';
import { qrSvg } from './qr.js';
import { STATUS, STATUSES, reasonWords, statusBadge, paymentChoiceWords } from './words.js';
import { current, signInPrompt } from './route.js';

const AWAITING = 'checkout.awaiting';

export async function catalogPage() {
  const route = current();
  show(html`<h1>Shop</h1><p class="muted">Loading the catalog…</p>`);
  let products;
  try {
    products = await allPages('/products', 'products');
  } catch (error) {
    if (route === current()) show(html`<h1>Shop</h1>${errorBox(error)}`);
    return;
  }
  if (route !== current()) return;
  const main = show(html`
    <h1>Shop</h1>
    ${products.length === 0 ? html`<p>The catalog is empty for now.</p>` : ''}
    <ul class="grid products" aria-label="Products">
      ${products.map((p) => html`
        <li class="card product" data-sku="${p.sku}">
          <h2>${p.name}</h2>
          <p class="sku">${p.sku}</p>
          <p class="price">${formatMoney(p.price)}</p>
          <p class="stock ${p.available === 0 ? 'out' : p.available <= 5 ? 'low' : ''}">${p.available === 0 ? 'Sold out' : `${p.available} in stock`}</p>
          <form class="add" novalidate>
            <label for="q-${p.sku}">Quantity</label>
            <input id="q-${p.sku}" name="quantity" type="number" min="1" max="${Math.min(1000, Math.max(1, p.available))}" value="1" inputmode="numeric" ${p.available === 0 ? 'disabled' : ''}>
            <button type="submit" ${p.available === 0 ? 'disabled' : ''}>Add to cart</button>
          </form>
        </li>`)}
    </ul>`);
  if (!performance.getEntriesByName('catalog-shown').length) performance.mark('catalog-shown');
  $$('form.add', main).forEach((form) => form.addEventListener('submit', (event) => {
    event.preventDefault();
    const product = products.find((p) => p.sku === form.closest('[data-sku]').dataset.sku);
    const quantity = Number(form.quantity.value);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 1000) {
      notify('Enter a quantity from 1 to 1000.', 'error');
      form.quantity.focus();
      return;
    }
    if (quantity > product.available) {
      notify(`Only ${product.available} of ${product.name} are in stock.`, 'error');
      form.quantity.focus();
      return;
    }
    const refused = basket.add(product, quantity);
    notify(refused || `Added ${quantity} × ${product.name} to the cart.`, refused ? 'error' : 'ok');
  }));
}

function paymentOptions(currency) {
  const pay = settings().payments || {};
  const platforms = pay.platforms || ['stripe'];
  const cards = pay.testCards || [];
  const cny = currency === 'CNY';
  const option = (value, label, hint, enabled = true) => html`
    <label class="choice ${enabled ? '' : 'disabled'}"><input type="radio" name="method" value="${value}" ${enabled ? '' : 'disabled'}>
      <span><strong>${label}</strong><small>${hint}</small></span></label>`;
  return html`
    <fieldset class="methods">
      <legend>How to pay</legend>
      ${platforms.includes('stripe') ? option('stripe:card', 'Card', 'Visa, Mastercard, Amex — through Stripe') : ''}
      ${platforms.includes('alipay') ? option('alipay:qr', 'Alipay — scan a QR code', cny ? 'Scan with the Alipay app' : 'Alipay takes CNY only', cny) : ''}
      ${platforms.includes('alipay') ? option('alipay:page', 'Alipay — pay on Alipay\'s page', cny ? 'You are sent to Alipay and back' : 'Alipay takes CNY only', cny) : ''}
      ${platforms.includes('wechatpay') ? option('wechatpay:native', 'WeChat Pay — scan a QR code', cny ? 'Scan with WeChat' : 'WeChat Pay takes CNY only', cny) : ''}
    </fieldset>
    <div id="card-box" hidden>
      ${cards.length ? html`
        <label for="card">Test card (payment simulator)</label>
        <select id="card" name="card">${cards.map((c) => html`<option value="${c.token}">${c.label}</option>`)}</select>`
        : html`<p class="muted">Card payment needs the card's payment-method token from Stripe.js, which this deployment does not include.</p>`}
    </div>`;
}

export async function cartPage() {
  const value = basket.cart();
  if (value.lines.length === 0) {
    show(html`<h1>Your cart</h1><p>Your cart is empty. <a href="#/">Browse the shop</a>.</p>`);
    return;
  }
  const total = basket.total(value);
  const main = show(html`
    <h1>Your cart</h1>
    <table class="lines">
      <caption class="sr-only">Products in your cart</caption>
      <thead><tr><th scope="col">Product</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col" class="num">Line total</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
      <tbody>${value.lines.map((l) => html`
        <tr data-sku="${l.sku}"><th scope="row">${l.name} <small class="sku">${l.sku}</small></th><td>${formatMoney(l.price)}</td>
          <td><label class="sr-only" for="cq-${l.sku}">Quantity of ${l.name}</label><input id="cq-${l.sku}" class="qty" type="number" min="0" max="1000" value="${l.quantity}"></td>
          <td class="num">${formatMoney({ amount: l.price.amount * l.quantity, currency: l.price.currency })}</td>
          <td><button type="button" class="link remove" aria-label="Remove ${l.name}">Remove</button></td></tr>`)}
      </tbody>
      <tfoot><tr><th scope="row" colspan="3">Total</th><td class="num total">${formatMoney(total)}</td><td></td></tr></tfoot>
    </table>
    <p class="muted">One currency per order: this cart is in ${total.currency}.</p>
    ${session() ? html`
      <form id="checkout" class="panel" novalidate>
        <h2>Checkout</h2>
        ${paymentOptions(total.currency)}
        <div id="checkout-error"></div>
        <button type="submit" class="primary">Place order and pay ${formatMoney(total)}</button>
      </form>` : html`<div class="panel">${raw(signInPrompt('to check out'))}</div>`}`);
  $$('input.qty', main).forEach((input) => input.addEventListener('change', () => {
    const quantity = Number(input.value);
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > 1000) {
      notify('Enter a quantity from 0 to 1000.', 'error');
      return;
    }
    basket.setQuantity(input.closest('tr').dataset.sku, quantity);
    cartPage();
  }));
  $$('button.remove', main).forEach((button) => button.addEventListener('click', () => {
    basket.setQuantity(button.closest('tr').dataset.sku, 0);
    notify('Removed from the cart.');
    cartPage();
  }));
  const form = $('#checkout', main);
  if (!form) return;
  const cardBox = $('#card-box', form);
  form.addEventListener('change', () => { cardBox.hidden = form.method.value !== 'stripe:card'; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = $('#checkout-error', form);
    box.innerHTML = '';
    const [platform, type] = String(form.method.value || '').split(':');
    if (!platform) {
      box.innerHTML = String(errorBox({ words: 'Choose how to pay.' }));
      $('input[name=method]', form).focus();
      return;
    }
    let paymentMethod = { platform, type };
    if (platform === 'stripe') {
      if (!form.card) {
        box.innerHTML = String(errorBox({ words: 'Card payment is not available here; choose another way to pay.' }));
        return;
      }
      paymentMethod = form.card.value;
    }
    const button = $('button[type=submit]', form);
    button.disabled = true;
    button.textContent = 'Placing the order…';
    try {
      const order = await call('/orders', {
        method: 'POST',
        key: basket.checkoutKey(() => newKey('order')),
        body: { items: basket.cart().lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), paymentMethod },
      });
      basket.clear();
      location.hash = `#/orders/${order.orderId}`;
    } catch (error) {
      box.innerHTML = String(errorBox(error));
      button.disabled = false;
      button.textContent = `Place order and pay ${formatMoney(total)}`;
      $('[role=alert]', box)?.focus?.();
    }
  });
}

function nextActionView(order) {
  if (order.status !== 'PENDING_PAYMENT') return '';
  const payment = [...(order.payments || [])].reverse().find((p) => p.status === 'PENDING');
  const action = payment?.nextAction;
  if (!payment) return html`<p class="waiting" aria-live="polite"><span class="spinner" aria-hidden="true"></span> Reserving your items and contacting the payment platform…</p>`;
  if (!action) return html`<p class="waiting"><span class="spinner" aria-hidden="true"></span> The payment platform is processing the payment…</p>`;
  const platform = { stripe: 'your card issuer', alipay: 'Alipay', wechatpay: 'WeChat Pay' }[payment.provider] || payment.provider;
  if (action.type === 'redirect') {
    return html`<div class="action panel">
      <h2>Action needed</h2>
      <p>${payment.provider === 'stripe' ? 'Your bank asks you to confirm this payment (3-D Secure).' : `Pay on ${platform}'s page.`}</p>
      <a class="button primary" id="next-action" href="${action.url}" data-order="${order.orderId}">${payment.provider === 'stripe' ? 'Confirm with your bank' : `Go to ${platform}`}</a>
      <p class="muted">You come back here afterwards; this page updates by itself.</p></div>`;
  }
  if (action.type === 'qr_code') {
    return html`<div class="action panel">
      <h2>Scan to pay</h2>
      <p>Open ${platform} on your phone and scan this code. This page updates by itself once you have paid.</p>
      <figure class="qr-box">${raw(qrSvg(action.qrCode, `QR code to pay with ${platform}`))}<figcaption class="muted"><code>${action.qrCode}</code></figcaption></figure></div>`;
  }
  return html`<div class="action panel"><h2>Action needed</h2><p>This payment must be completed with Stripe.js, which this site does not include. Cancel the order and pay another way.</p></div>`;
}

function orderView(order, { admin = false } = {}) {
  const reason = ['CANCELLED', 'REJECTED'].includes(order.status)
    ? reasonWords(order.statusReason, [...(order.payments || [])].reverse().find((p) => p.failureCode)?.failureCode) : '';
  return html`
    <div class="order-head">
      <p>${raw(statusBadge(order.status))} <span class="muted">placed ${when(order.createdAt)}${order.paymentMethod ? ` · ${paymentChoiceWords(order.paymentMethod)}` : ''}</span></p>
      ${reason ? html`<p class="reason" id="reason">${reason}</p>` : ''}
      ${!admin && order.status === 'PAID' ? html`<p class="paid">Payment received, thank you. We will let you know when it ships.</p>` : ''}
    </div>
    ${admin ? '' : nextActionView(order)}
    <table class="lines">
      <caption class="sr-only">Items</caption>
      <thead><tr><th scope="col">Product</th><th scope="col">Unit price</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Line total</th></tr></thead>
      <tbody>${order.items.map((i) => html`<tr><th scope="row">${i.sku}</th><td>${formatMoney(i.unitPrice)}</td><td class="num">${i.quantity}</td><td class="num">${formatMoney(i.lineTotal)}</td></tr>`)}</tbody>
      <tfoot>
        <tr><th scope="row" colspan="3">Total</th><td class="num total">${formatMoney(order.total)}</td></tr>
        ${order.captured?.amount ? html`<tr><th scope="row" colspan="3">Paid</th><td class="num">${formatMoney(order.captured)}</td></tr>` : ''}
        ${order.refunded?.amount ? html`<tr><th scope="row" colspan="3">Refunded</th><td class="num" id="refunded">${formatMoney(order.refunded)}</td></tr>` : ''}
      </tfoot>
    </table>
    ${order.refunds?.length ? html`<h2>Refunds</h2><ul class="refunds">${order.refunds.map((r) => html`
      <li><strong>${formatMoney(r.amount)}</strong> — ${r.status === 'SUCCEEDED' ? 'refunded' : r.status === 'FAILED' ? 'failed' : 'on its way'}${r.reason ? html` · “${r.reason}”` : ''} <span class="muted">${when(r.createdAt)}</span></li>`)}</ul>` : ''}
    ${admin && order.payments?.length ? html`<h2>Payments</h2><ul class="refunds">${order.payments.map((p) => html`
      <li><strong>${formatMoney(p.amount)}</strong> ${p.provider} · ${p.status}${p.failureCode ? ` (${p.failureCode})` : ''} <code>${p.providerReference || p.paymentId}</code> <span class="muted">${when(p.updatedAt)}</span></li>`)}</ul>` : ''}`;
}

export { orderView };

const FINAL = ['PAID', 'SHIPPED', 'COMPLETED', 'REFUNDED', 'CANCELLED', 'REJECTED', 'PARTIALLY_REFUNDED'];

export async function orderPage({ id }) {
  if (!session()) { show(html`<h1>Order</h1>${raw(signInPrompt('to see your orders'))}`); return; }
  const route = current();
  let first = true;
  let lastSeen = null;
  const render = async () => {
    let order;
    try {
      order = await call(`/orders/${encodeURIComponent(id)}`);
    } catch (error) {
      if (first) show(html`<h1>Order</h1>${errorBox(error)}<p><a href="#/orders">Your orders</a></p>`);
      else notify(error.words, 'error');
      return error.status >= 400 && error.status < 500;
    }
    if (route !== current()) return true;
    const settled = FINAL.includes(order.status) && !(order.refunds || []).some((r) => r.status === 'PENDING');
    const focused = !first && $('#main').contains(document.activeElement) ? document.activeElement.id : null;
    const seen = JSON.stringify(order);
    if (seen !== lastSeen) {
      const main = show(html`
        <h1>Order <code class="id">${order.orderId}</code></h1>
        <div id="order" data-status="${order.status}">${orderView(order)}</div>
        <div class="row">
          ${order.status === 'PENDING_PAYMENT' ? html`<button type="button" id="cancel" class="danger">Cancel this order</button>` : ''}
          <a href="#/orders">All your orders</a>
        </div>
        <p class="sr-only" aria-live="polite">${STATUS[order.status]}</p>`, { focus: first });
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
      $('#next-action', main)?.addEventListener('click', () => sessionStorage.setItem(AWAITING, order.orderId));
      $('#cancel', main)?.addEventListener('click', async (event) => {
        event.target.disabled = true;
        try {
          await call(`/orders/${order.orderId}/cancel`, { method: 'POST' });
          notify('The order is cancelled; nothing was charged.', 'ok');
        } catch (error) {
          notify(error.words, 'error');
        }
        render();
      });
    }
    first = false;
    lastSeen = seen;
    return settled;
  };
  const poll = async () => {
    const done = await render();
    if (!done && route === current()) setTimeout(poll, 1500);
  };
  poll();
}

/** Back from a platform's page (3-D Secure, Alipay page pay): on to the order that was waiting. */
export function returnedFromPlatform() {
  const params = new URLSearchParams(location.search);
  if (!params.has('payment_intent') && !params.has('out_trade_no') && !params.has('returned')) return null;
  const order = sessionStorage.getItem(AWAITING);
  history.replaceState(null, '', location.pathname + (order ? `#/orders/${order}` : '#/orders'));
  return true;
}

export async function ordersPage() {
  if (!session()) { show(html`<h1>Your orders</h1>${raw(signInPrompt('to see your orders'))}`); return; }
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const status = params.get('status') || '';
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const main = show(html`
    <h1>Your orders</h1>
    <form id="filters" class="filters" role="search">
      <div><label for="f-status">Status</label>
        <select id="f-status" name="status"><option value="">Any</option>${STATUSES.map((s) => html`<option value="${s}" ${s === status ? 'selected' : ''}>${STATUS[s]}</option>`)}</select></div>
      <div><label for="f-from">Placed from</label><input id="f-from" name="from" type="date" value="${from}"></div>
      <div><label for="f-to">to</label><input id="f-to" name="to" type="date" value="${to}"></div>
      <button type="submit">Show</button>
    </form>
    <div id="list"><p class="muted">Loading…</p></div>`);
  $('#filters', main).addEventListener('submit', (event) => {
    event.preventDefault();
    const f = event.target;
    location.hash = `#/orders${query({ status: f.status.value, from: f.from.value, to: f.to.value })}`;
  });
  const list = $('#list', main);
  try {
    const filters = { status, from: from ? `${from}T00:00:00Z` : '', to: to ? `${to}T23:59:59Z` : '' };
    let page = await call(`/orders${query({ ...filters, limit: 20 })}`);
    const rows = [...page.orders];
    const draw = () => {
      list.innerHTML = String(rows.length === 0 ? html`<p>No orders${status ? ` with the status “${STATUS[status]}”` : ''} yet.</p>` : html`
        <table class="lines orders">
          <caption class="sr-only">Your orders, newest first</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Status</th><th scope="col" class="num">Total</th></tr></thead>
          <tbody>${rows.map((o) => html`<tr><th scope="row"><a href="#/orders/${o.orderId}">${o.orderId}</a></th><td>${when(o.createdAt)}</td><td>${raw(statusBadge(o.status))}</td><td class="num">${formatMoney(o.total)}</td></tr>`)}</tbody>
        </table>
        ${page.nextToken ? html`<button type="button" id="more">Show more</button>` : ''}`);
      $('#more', list)?.addEventListener('click', async () => {
        try {
          page = await call(`/orders${query({ ...filters, limit: 20, nextToken: page.nextToken })}`);
          rows.push(...page.orders);
          draw();
        } catch (error) { notify(error.words, 'error'); }
      });
    };
    draw();
  } catch (error) {
    list.innerHTML = String(errorBox(error));
  }
}
