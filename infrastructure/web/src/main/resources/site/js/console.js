// The operations console (admin group): orders and their story, ship / complete / refund, the catalog with stock,
// what needs attention, dead letters, statistics. Routes other parts of the system serve may be absent on a
// deployment: such a section says so in words.
import { html, raw, show, $, $$, notify, errorBox, when, newKey } from './dom.js';
import { call, allPages, query } from './api.js';
import { formatMoney, parseMinor, toMajorText } from './money.js';
import { session } from './auth.js';
import { current, signInPrompt } from './route.js';
import { orderView } from './shop.js';
import { barChart, lineChart } from './charts.js';
import { STATUS } from './words.js';

const SECTIONS = [
  ['/', 'Orders'],
  ['/catalog', 'Catalog'],
  ['/attention', 'Attention'],
  ['/dead-letters', 'Dead letters'],
  ['/statistics', 'Statistics'],
];
const QUEUES = ['charge', 'notification'];

function frame(path, title, body) {
  return html`
    <nav class="subnav" aria-label="Console">${SECTIONS.map(([p, label]) => html`<a href="#/console${p === '/' ? '' : p}" ${path === p || (p === '/' && path.startsWith('/orders')) ? raw('aria-current="page"') : ''}>${label}</a>`)}</nav>
    <h1>${title}</h1>${body}`;
}

export async function consolePage(path) {
  const who = session();
  if (!who) { show(html`<h1>Console</h1>${raw(signInPrompt('with an operations account'))}`); return; }
  if (!who.admin) { show(html`<h1>Console</h1>${errorBox({ words: 'The console is for the shop\'s operations team (the admin group). You are signed in as a customer.' })}`); return; }
  const order = path.match(/^\/orders\/([^/?]+)$/);
  if (order) return orderStory(decodeURIComponent(order[1]));
  if (path === '/catalog') return catalog();
  if (path === '/attention') return attention();
  if (path === '/dead-letters') return deadLetters();
  if (path.startsWith('/statistics')) return statistics();
  return orders();
}

/** Renders whatever a route answers as a readable table (these routes are built elsewhere; their fields may grow). */
function genericList(items) {
  if (!Array.isArray(items) || items.length === 0) return html`<p>Nothing here.</p>`;
  const keys = [...new Set(items.flatMap((i) => (i && typeof i === 'object' ? Object.keys(i) : ['value'])))].slice(0, 8);
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object' && 'amount' in v && 'currency' in v) return formatMoney(v);
    if (typeof v === 'object') return JSON.stringify(v);
    if (typeof v === 'string' && /^ord_/.test(v)) return html`<a href="#/console/orders/${v}">${v}</a>`;
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return when(v);
    return String(v);
  };
  return html`<table class="lines"><thead><tr>${keys.map((k) => html`<th scope="col">${k}</th>`)}</tr></thead>
    <tbody>${items.map((i) => html`<tr>${keys.map((k) => html`<td>${cell(i && typeof i === 'object' ? i[k] : i)}</td>`)}</tr>`)}</tbody></table>`;
}

const firstArray = (body) => (Array.isArray(body) ? body : Object.values(body || {}).find(Array.isArray) || []);

async function optional(path, target, render = (body) => genericList(firstArray(body))) {
  try {
    target.innerHTML = String(render(await call(path)));
  } catch (error) {
    target.innerHTML = String(error.status === 404 && error.code === 'NO_ROUTE'
      ? html`<p class="notice">Not available yet: this deployment's API does not serve <code>${path.split('?')[0]}</code>.</p>`
      : errorBox(error));
  }
}

/** Every customer's orders, newest first, a page at a time (GET /admin/orders). */
async function allOrders(target, filters, nextToken = null) {
  const window = {
    status: filters.status || undefined,
    from: filters.from ? `${filters.from}T00:00:00Z` : undefined,
    to: filters.to ? `${filters.to}T23:59:59.999Z` : undefined,
    limit: 20,
    nextToken: nextToken || undefined,
  };
  let page;
  try {
    page = await call(`/admin/orders${query(window)}`);
  } catch (error) {
    target.innerHTML = String(error.status === 404 && error.code === 'NO_ROUTE'
      ? html`<p class="notice">Not available yet: this deployment's API does not list every customer's orders.</p>` : errorBox(error));
    return;
  }
  const rows = page.orders.map((o) => html`<tr data-order="${o.orderId}">
      <td><a href="#/console/orders/${o.orderId}"><code class="id">${o.orderId}</code></a></td>
      <td>${o.userId}</td><td><span class="status s-${o.status}">${STATUS[o.status] || o.status}</span></td>
      <td class="num">${formatMoney(o.total)}</td><td>${when(o.createdAt)}</td></tr>`);
  const table = page.orders.length ? html`<table class="list"><thead><tr><th>Order</th><th>Customer</th><th>Status</th>
      <th class="num">Total</th><th>Placed</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<p class="muted">No orders in this window.</p>`;
  target.innerHTML = String(html`${table}${page.nextToken ? html`<button type="button" id="more-orders">Older orders</button>` : ''}`);
  const more = $('#more-orders', target);
  if (more) more.addEventListener('click', () => allOrders(target, filters, page.nextToken));
}

async function orders() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const filters = { status: params.get('status') || '', from: params.get('from') || '', to: params.get('to') || '' };
  const main = show(frame('/', 'Orders', html`
    <form id="search" class="filters" role="search">
      <div><label for="order-id">Find an order by id</label><input id="order-id" name="id" placeholder="ord_…" autocomplete="off" spellcheck="false" required></div>
      <button type="submit">Open</button>
    </form>
    <h2>All orders</h2>
    <form id="all-filters" class="filters">
      <div><label for="a-status">Status</label><select id="a-status" name="status">
        <option value="">Any</option>${Object.entries(STATUS).map(([k, v]) => html`<option value="${k}" ${k === filters.status ? 'selected' : ''}>${v}</option>`)}
      </select></div>
      <div><label for="a-from">From</label><input id="a-from" name="from" type="date" value="${filters.from}"></div>
      <div><label for="a-to">To</label><input id="a-to" name="to" type="date" value="${filters.to}"></div>
      <button type="submit">Show</button>
    </form>
    <div id="all-orders"><p class="muted">Loading…</p></div>
    <h2>Needing attention</h2>
    <div id="attention"><p class="muted">Loading…</p></div>`));
  $('#all-filters', main).addEventListener('submit', (event) => {
    event.preventDefault();
    const f = event.target;
    location.hash = `#/console/all${query({ status: f.status.value, from: f.from.value, to: f.to.value })}`;
  });
  allOrders($('#all-orders', main), filters);
  $('#search', main).addEventListener('submit', (event) => {
    event.preventDefault();
    const id = event.target.id.value.trim();
    if (!/^ord_[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) {
      notify('An order id is "ord_" followed by 26 letters and digits.', 'error');
      event.target.id.focus();
      return;
    }
    location.hash = `#/console/orders/${id}`;
  });
  optional('/attention', $('#attention', main), attentionView);
}

async function orderStory(id) {
  const route = current();
  show(frame('/orders', html`Order <code class="id">${id}</code>`, html`<p class="muted">Loading…</p>`));
  let refundKey = newKey('refund');
  let refundBody = '';
  let drawn = null;
  let timer = null;
  const unsettled = (o) => o && (o.status === 'PENDING_PAYMENT' || (o.refunds || []).some((r) => r.status === 'PENDING'));
  const follow = () => { clearTimeout(timer); timer = setTimeout(check, 2000); };
  const typing = () => Boolean(document.activeElement && $('#refund')?.contains(document.activeElement));
  const render = async ({ focus = true, keepForm = true, unlessTyping = false } = {}) => {
    let order;
    try {
      order = await call(`/orders/${encodeURIComponent(id)}`);
    } catch (error) {
      show(frame('/orders', html`Order <code class="id">${id}</code>`, errorBox(error)));
      return null;
    }
    if (route !== current()) return null;
    // A redraw the person did not ask for never replaces the form under their hands.
    if (unlessTyping && typing()) return null;
    // A redraw (the order moved: a refund settled) keeps what the person was typing into the refund form,
    // read now, after the answer came, so nothing typed while it was on its way is lost.
    const typed = keepForm ? { amount: $('#refund-amount')?.value || '', reason: $('#refund-reason')?.value || '' } : null;
    const refundable = order.captured.amount - order.refunded.amount
      - (order.refunds || []).filter((r) => r.status === 'PENDING').reduce((s, r) => s + r.amount.amount, 0);
    const main = show(frame('/orders', html`Order <code class="id">${id}</code>`, html`
      <p class="muted">Customer <strong>${order.userId}</strong> · updated ${when(order.updatedAt)}</p>
      <div id="order" data-status="${order.status}">${orderView(order, { admin: true })}</div>
      <div class="row actions">
        ${order.status === 'PAID' ? html`<button type="button" id="ship" class="primary">Mark shipped</button>` : ''}
        ${order.status === 'SHIPPED' ? html`<button type="button" id="complete" class="primary">Mark completed</button>` : ''}
        ${order.status === 'PENDING_PAYMENT' ? html`<button type="button" id="cancel" class="danger">Cancel order</button>` : ''}
      </div>
      ${refundable > 0 ? html`
        <form id="refund" class="panel" novalidate>
          <h2>Refund</h2>
          <p class="muted">Up to ${formatMoney({ amount: refundable, currency: order.total.currency })} can still be refunded.</p>
          <div class="fields">
            <div><label for="refund-amount">Amount (${order.total.currency})</label>
              <input id="refund-amount" name="amount" inputmode="decimal" placeholder="${toMajorText(refundable, order.total.currency)}" aria-describedby="amount-hint">
              <small id="amount-hint">Leave empty to refund everything still refundable.</small></div>
            <div><label for="refund-reason">Reason</label><input id="refund-reason" name="reason" maxlength="500" required></div>
          </div>
          <div id="refund-error"></div>
          <button type="submit">Refund</button>
          <small class="muted" id="refund-key">Idempotency key: <code>${refundKey}</code></small>
        </form>` : ''}
      <h2>Story</h2>
      <div id="history"><p class="muted">Loading…</p></div>
      <h2>Payment platform events</h2>
      <div id="webhooks"><p class="muted">Loading…</p></div>`), { focus });
    const act = (selector, path, done) => $(selector, main)?.addEventListener('click', async (event) => {
      event.target.disabled = true;
      try {
        await call(`/orders/${id}/${path}`, { method: 'POST' });
        notify(done, 'ok');
      } catch (error) {
        notify(error.words, 'error');
      }
      render({ focus: false });
    });
    act('#ship', 'ship', 'Marked shipped.');
    act('#complete', 'complete', 'Marked completed.');
    act('#cancel', 'cancel', 'Cancelled.');
    if (typed && $('#refund-amount', main)) {
      $('#refund-amount', main).value = typed.amount;
      $('#refund-reason', main).value = typed.reason;
    }
    $('#refund', main)?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const form = event.target;
      const box = $('#refund-error', form);
      const reason = form.reason.value.trim();
      const amountText = form.amount.value.trim();
      const amount = amountText ? parseMinor(amountText, order.total.currency) : undefined;
      if (amountText && (!amount || amount < 1)) {
        box.innerHTML = String(errorBox({ words: `Enter the amount as a number in ${order.total.currency}, e.g. ${toMajorText(Math.min(refundable, 1000), order.total.currency)}.` }));
        form.amount.focus();
        return;
      }
      if (!reason) {
        box.innerHTML = String(errorBox({ words: 'Give a reason for the refund.' }));
        form.reason.focus();
        return;
      }
      const body = amount ? { amount, reason } : { reason };
      // One key per refund attempt: a retry of the same refund keeps it (and is answered once), another refund gets a new one.
      if (JSON.stringify(body) !== refundBody) { refundKey = refundBody ? newKey('refund') : refundKey; refundBody = JSON.stringify(body); }
      $('#refund-key code', form).textContent = refundKey;
      $('button[type=submit]', form).disabled = true;
      try {
        const refund = await call(`/orders/${id}/refunds`, { method: 'POST', key: refundKey, body });
        notify(`Refund of ${formatMoney(refund.amount)} sent.`, 'ok');
        refundKey = newKey('refund');
        refundBody = '';
        render({ focus: false, keepForm: false });
      } catch (error) {
        box.innerHTML = String(errorBox(error));
        $('button[type=submit]', form).disabled = false;
      }
    });
    optional(`/orders/${id}/history`, $('#history', main));
    optional(`/orders/${id}/webhook-events`, $('#webhooks', main));
    drawn = order;
    if (unsettled(order)) follow();
    return order;
  };
  // A payment or a refund settles through the platform's notification: follow the order while either is pending.
  const check = async () => {
    if (route !== current()) return;
    const o = await call(`/orders/${encodeURIComponent(id)}`).catch(() => null);
    if (route !== current()) return;
    if (o && JSON.stringify(o) !== JSON.stringify(drawn)) {
      if (typing() || !(await render({ focus: false, unlessTyping: true }))) follow();
    } else if (unsettled(o || drawn)) {
      follow();
    }
  };
  await render();
}

async function catalog() {
  const route = current();
  const main = show(frame('/catalog', 'Catalog', html`<div id="products"><p class="muted">Loading…</p></div>`));
  let products;
  try {
    products = await allPages('/products', 'products');
  } catch (error) {
    $('#products', main).innerHTML = String(errorBox(error));
    return;
  }
  if (route !== current()) return;
  const row = (p) => html`
    <tr data-sku="${p.sku}">
      <th scope="row"><code>${p.sku}</code></th>
      <td><label class="sr-only" for="n-${p.sku}">Name of ${p.sku}</label><input id="n-${p.sku}" name="name" value="${p.name}" maxlength="200"></td>
      <td class="money"><label class="sr-only" for="p-${p.sku}">Price of ${p.sku}</label><input id="p-${p.sku}" name="price" value="${toMajorText(p.price.amount, p.price.currency)}" inputmode="decimal" size="8">
        <label class="sr-only" for="c-${p.sku}">Currency of ${p.sku}</label><input id="c-${p.sku}" name="currency" value="${p.price.currency}" size="3" maxlength="3"></td>
      <td><label class="sr-only" for="a-${p.sku}">Stock of ${p.sku}</label><input id="a-${p.sku}" name="available" type="number" min="0" value="${p.available}"></td>
      <td class="num muted">${p.reserved} / ${p.sold}</td>
      <td><button type="button" class="save">Save</button></td>
    </tr>`;
  $('#products', main).innerHTML = String(html`
    <table class="lines catalog">
      <caption class="sr-only">Products and stock; edit a row and save it</caption>
      <thead><tr><th scope="col">SKU</th><th scope="col">Name</th><th scope="col">Price</th><th scope="col">Available</th><th scope="col" class="num">Reserved / sold</th><th scope="col"><span class="sr-only">Save</span></th></tr></thead>
      <tbody>${products.map(row)}</tbody>
    </table>
    <form id="new-product" class="panel" novalidate>
      <h2>New product</h2>
      <div class="fields">
        <div><label for="new-sku">SKU</label><input id="new-sku" name="sku" required pattern="[A-Za-z0-9][A-Za-z0-9._-]{0,63}"></div>
        <div><label for="new-name">Name</label><input id="new-name" name="name" required maxlength="200"></div>
        <div><label for="new-price">Price</label><input id="new-price" name="price" inputmode="decimal" required></div>
        <div><label for="new-currency">Currency</label><input id="new-currency" name="currency" value="USD" maxlength="3" size="3" required></div>
        <div><label for="new-available">Stock</label><input id="new-available" name="available" type="number" min="0" value="0" required></div>
      </div>
      <div id="new-error"></div>
      <button type="submit" class="primary">Add product</button>
    </form>`);
  const save = async (sku, fields, errorTarget) => {
    const currency = fields.currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw { words: 'The currency is a three-letter ISO code, e.g. USD, EUR, CNY.' };
    const amount = parseMinor(fields.price, currency);
    if (amount === null) throw { words: `Enter the price as a number in ${currency}, e.g. 12.50.` };
    const available = Number(fields.available);
    if (!Number.isInteger(available) || available < 0) throw { words: 'The stock is a whole number, 0 or more.' };
    if (!fields.name.trim()) throw { words: 'Give the product a name.' };
    errorTarget.innerHTML = '';
    return call(`/products/${encodeURIComponent(sku)}`, { method: 'PUT', body: { name: fields.name.trim(), price: { amount, currency }, available } });
  };
  $$('button.save', main).forEach((button) => button.addEventListener('click', async () => {
    const tr = button.closest('tr');
    const value = (n) => $(`[name=${n}]`, tr).value;
    button.disabled = true;
    try {
      const saved = await save(tr.dataset.sku, { name: value('name'), price: value('price'), currency: value('currency'), available: value('available') }, $('#new-error'));
      notify(`Saved ${saved.sku}: ${formatMoney(saved.price)}, ${saved.available} available.`, 'ok');
    } catch (error) {
      notify(error.words, 'error');
    }
    button.disabled = false;
  }));
  $('#new-product', main).addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = event.target;
    const box = $('#new-error', f);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(f.sku.value.trim())) {
      box.innerHTML = String(errorBox({ words: 'A SKU is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.' }));
      f.sku.focus();
      return;
    }
    try {
      await save(f.sku.value.trim(), { name: f.name.value, price: f.price.value, currency: f.currency.value, available: f.available.value }, box);
      notify(`Added ${f.sku.value.trim()}.`, 'ok');
      catalog();
    } catch (error) {
      box.innerHTML = String(errorBox(error));
    }
  });
}

/** GET /attention: checkouts stalled, refunds the provider has not accepted, and the dead-letter queues' depth. */
function attentionView(report) {
  const stalled = report.stalledCheckouts.length
    ? html`<table class="list"><thead><tr><th>Order</th><th>Customer</th><th class="num">Total</th><th>Placed</th></tr></thead><tbody>
        ${report.stalledCheckouts.map((o) => html`<tr><td><a href="#/console/orders/${o.orderId}"><code class="id">${o.orderId}</code></a></td>
          <td>${o.userId}</td><td class="num">${formatMoney(o.total)}</td><td>${when(o.createdAt)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">None waiting for payment since before ${when(report.olderThan)}.</p>`;
  const refunds = report.unsentRefunds.length
    ? html`<table class="list"><thead><tr><th>Refund</th><th>Order</th><th class="num">Amount</th><th>Stored</th></tr></thead><tbody>
        ${report.unsentRefunds.map((r) => html`<tr><td><code class="id">${r.refundId}</code></td>
          <td><a href="#/console/orders/${r.orderId}"><code class="id">${r.orderId}</code></a></td>
          <td class="num">${formatMoney(r.amount)}</td><td>${when(r.createdAt)}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">Every refund has reached its provider.</p>`;
  const queues = html`<ul class="plain">${report.deadLetterQueues.map((q) => html`<li><a href="#/console/dead-letters">${q.queue} dead letters</a>:
      <strong>${q.approximateMessages}</strong> waiting${q.approximateMessagesInFlight ? `, ${q.approximateMessagesInFlight} being looked at` : ''}</li>`)}</ul>`;
  return html`<h3>Checkouts stalled</h3>${stalled}<h3>Refunds not sent</h3>${refunds}<h3>Dead-letter queues</h3>${queues}`;
}

async function attention() {
  const main = show(frame('/attention', 'What needs attention', html`<div id="list"><p class="muted">Loading…</p></div>`));
  optional('/attention', $('#list', main), attentionView);
}

async function deadLetters() {
  const main = show(frame('/dead-letters', 'Dead letters', html`
    <p class="muted">Messages a queue gave up on. Redrive sends them back to their queue once the cause is fixed.</p>
    ${QUEUES.map((q) => html`<section class="panel" data-queue="${q}"><h2>${q} queue</h2><div class="list"><p class="muted">Loading…</p></div>
      <button type="button" class="redrive">Redrive the ${q} dead letters</button></section>`)}`));
  QUEUES.forEach((q) => {
    const section = $(`[data-queue=${q}]`, main);
    optional(`/dead-letters/${q}`, $('.list', section));
    $('.redrive', section).addEventListener('click', async (event) => {
      event.target.disabled = true;
      try {
        const moved = await call(`/dead-letters/${q}/redrive`, { method: 'POST', key: newKey('redrive') });
        notify(`${moved.moved} ${q} dead letter${moved.moved === 1 ? '' : 's'} sent back to their queue.`, 'ok');
        optional(`/dead-letters/${q}`, $('.list', section));
      } catch (error) {
        notify(error.status === 404 && error.code === 'NO_ROUTE' ? 'Redrive is not available on this deployment yet.' : error.words, 'error');
      }
      event.target.disabled = false;
    });
  });
}

const PLATFORMS = [['stripe', 'Card'], ['alipay', 'Alipay'], ['wechatpay', 'WeChat Pay']];

/** Money per currency as one line ("¥880.00 · $25.00"), or 0. */
function amounts(list) {
  return list && list.length ? list.map(formatMoney).join(' · ') : '0';
}

/** The revenue of one currency in a day's figures (minor units), for a chart of that currency. */
function revenueIn(figures, currency) {
  const entry = (figures.revenue || []).find((m) => m.currency === currency);
  return entry ? entry.amount : 0;
}

/**
 * GET /statistics as tiles (the range's totals), charts per day (orders placed and paid, revenue per currency),
 * per platform (orders, conversion) and the orders in each status now.
 */
function statisticsView(report) {
  const total = report.totals.all;
  const percent = (c) => (c === null || c === undefined ? '—' : `${Math.round(c * 1000) / 10} %`);
  const tiles = [
    ['Orders placed', total.ordersPlaced.toLocaleString()],
    ['Orders paid', total.ordersPaid.toLocaleString()],
    ['Conversion', percent(total.conversion)],
    ['Revenue', amounts(total.revenue)],
    ['Refunds', `${total.refunds.count} (${amounts(total.refunds.amounts)})`],
    ['Cancelled or rejected', (total.ordersCancelled + total.ordersRejected).toLocaleString()],
  ];
  const days = report.days.map((d) => d.date.slice(5));
  const charts = [
    lineChart('Orders placed per day', report.days.map((d, i) => [days[i], d.all.ordersPlaced])),
    lineChart('Orders paid per day', report.days.map((d, i) => [days[i], d.all.ordersPaid])),
  ];
  const currencies = [...new Set(report.days.flatMap((d) => (d.all.revenue || []).map((m) => m.currency)))];
  currencies.forEach((currency) => charts.push(lineChart(`Revenue per day, ${currency}`,
    report.days.map((d, i) => [days[i], revenueIn(d.all, currency)]), (n) => formatMoney({ amount: n, currency }))));
  charts.push(barChart('Orders paid by platform', PLATFORMS.map(([key, name]) => [name, report.totals.platforms[key].ordersPaid])));
  charts.push(barChart('Conversion by platform (%)', PLATFORMS.map(([key, name]) =>
    [name, Math.round((report.totals.platforms[key].conversion || 0) * 1000) / 10]), (v) => `${v} %`));
  charts.push(barChart('Orders by status now', Object.entries(report.byStatus)
    .filter(([, t]) => t.orders > 0).map(([status, t]) => [STATUS[status] || status, t.orders])));
  return html`<div class="tiles">${tiles.map(([k, v]) => html`<div class="tile"><span>${k}</span><strong>${v}</strong></div>`)}</div>${raw(charts.join(''))}`;
}

async function statistics() {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 7 * 86400_000);
  const from = params.get('from') || weekAgo.toISOString().slice(0, 10);
  const to = params.get('to') || today.toISOString().slice(0, 10);
  const main = show(frame('/statistics', 'Statistics', html`
    <form id="range" class="filters">
      <div><label for="s-from">From</label><input id="s-from" name="from" type="date" value="${from}"></div>
      <div><label for="s-to">To</label><input id="s-to" name="to" type="date" value="${to}"></div>
      <button type="submit">Show</button>
    </form>
    <div id="stats"><p class="muted">Loading…</p></div>`));
  $('#range', main).addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/console/statistics${query({ from: event.target.from.value, to: event.target.to.value })}`;
  });
  optional(`/statistics${query({ from, to })}`, $('#stats', main), statisticsView);
}
