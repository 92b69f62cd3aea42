// The cart, kept in this browser (localStorage). One currency per cart, since an order takes one currency.
const KEY = 'checkout.cart';

export function cart() {
  try { return JSON.parse(localStorage.getItem(KEY)) || { lines: [] }; } catch { return { lines: [] }; }
}

function save(value) {
  value.key = null; // a changed cart is a new order: the next checkout gets a new idempotency key
  localStorage.setItem(KEY, JSON.stringify(value));
  window.dispatchEvent(new CustomEvent('checkout:cart'));
}

export const cartCurrency = () => cart().lines[0]?.price.currency || null;
export const cartCount = () => cart().lines.reduce((n, line) => n + line.quantity, 0);

/** Adds a product; refuses (answers why) when its currency is not the cart's. */
export function add(product, quantity) {
  const value = cart();
  const currency = value.lines[0]?.price.currency;
  if (currency && currency !== product.price.currency) {
    return `Your cart is in ${currency} and ${product.name} is priced in ${product.price.currency}. An order is paid in one currency: check out or empty the cart first.`;
  }
  const line = value.lines.find((l) => l.sku === product.sku);
  if (line) line.quantity = Math.min(1000, line.quantity + quantity);
  else value.lines.push({ sku: product.sku, name: product.name, price: product.price, quantity });
  save(value);
  return null;
}

export function setQuantity(sku, quantity) {
  const value = cart();
  value.lines = value.lines.map((l) => (l.sku === sku ? { ...l, quantity } : l)).filter((l) => l.quantity > 0);
  save(value);
}

export function clear() { save({ lines: [] }); }

export function total(value = cart()) {
  return { amount: value.lines.reduce((sum, l) => sum + l.price.amount * l.quantity, 0), currency: value.lines[0]?.price.currency || 'USD' };
}

/** The idempotency key of this cart's checkout: the same on a retry of the same cart, new when the cart changed. */
export function checkoutKey(makeKey) {
  const value = cart();
  if (!value.key) {
    value.key = makeKey();
    localStorage.setItem(KEY, JSON.stringify(value));
  }
  return value.key;
}
