// Order statuses and reasons in words.
export const STATUS = {
  PENDING_PAYMENT: 'Waiting for payment',
  PAID: 'Paid',
  SHIPPED: 'Shipped',
  COMPLETED: 'Completed',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
  CANCELLED: 'Cancelled',
  REJECTED: 'Not accepted',
};

export const STATUSES = Object.keys(STATUS);

export function reasonWords(reason, failureCode) {
  const text = `${reason || ''} ${failureCode || ''}`;
  if (/CUSTOMER/.test(text)) return 'It was cancelled by the customer before it was paid.';
  if (/ADMIN/.test(text)) return 'The shop cancelled it before it was paid.';
  if (/OUT_OF_STOCK|OutOfStock/i.test(text)) return 'Some items were out of stock, so the order was not accepted. Nothing was charged.';
  if (/insufficient/i.test(text)) return 'The card was declined: insufficient funds. Nothing was charged.';
  if (/expired_card/i.test(text)) return 'The card was declined: it has expired. Nothing was charged.';
  if (/incorrect_cvc/i.test(text)) return 'The card was declined: the security code was wrong. Nothing was charged.';
  if (/fraud/i.test(text)) return 'The card was declined by the issuer. Nothing was charged.';
  if (/declin/i.test(text)) return 'The payment was declined. Nothing was charged.';
  if (/timeout|expired|window/i.test(text)) return 'The payment was not completed in time, so the order was closed. Nothing was charged.';
  if (/CONFIRMATION_FAILED/.test(text)) return 'The order could not be confirmed; the payment was given back.';
  if (/authentication/i.test(text)) return 'The payment was not authenticated. Nothing was charged.';
  return reason ? `The checkout closed it (${reason}).` : '';
}

export const statusBadge = (status) => `<span class="badge s-${String(status).toLowerCase()}">${STATUS[status] || status}</span>`;

export const PLATFORM = { stripe: 'Card', alipay: 'Alipay', wechatpay: 'WeChat Pay' };
export const WAY = { card: 'card', qr: 'QR code', page: 'web page', native: 'QR code' };
export const paymentChoiceWords = (choice) => {
  if (!choice) return '';
  const platform = PLATFORM[choice.platform] || choice.platform;
  return choice.type === 'card' ? platform : `${platform} (${WAY[choice.type] || choice.type})`;
};
