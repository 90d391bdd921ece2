import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../../services/format';
import { enumLabel } from '../../services/i18n';
import type { OrderView } from '../../services/protocol';

function OrderRow({ order }: { order: OrderView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const money = (cents: number) => formatMoney(cents, order.currency, lang);
  const placed = formatDate(order.placedAt, lang);
  return (
    <li className="order">
      <div className="row-head">
        <strong>
          {enumLabel('orderKind', order.kind)} {order.number}
        </strong>
        <span className={`tag status-${order.status}`}>{enumLabel('orderStatus', order.status)}</span>
        <span className="muted">
          {order.kind === 'contract'
            ? t('customer.signed', { date: placed })
            : t('customer.placed', { date: placed })}
          {order.endsAt !== null && ` · ${t('customer.ends', { date: formatDate(order.endsAt, lang) })}`}
        </span>
        <span className="amount">{money(order.amountCents)}</span>
      </div>
      <ul className="items">
        {order.items.map((item) => (
          <li key={`${item.sku}-${item.product}`} title={item.sku}>
            {item.product} × {item.quantity}
          </li>
        ))}
      </ul>
      <div className="row-meta">
        <span className={`tag pay-${order.paymentStatus}`}>
          {t('customer.payment')}: {enumLabel('paymentStatus', order.paymentStatus)}
        </span>
        <span className="muted">
          {t('customer.paid', { paid: money(order.paidCents), amount: money(order.amountCents) })}
        </span>
        <span className={`tag delivery-${order.deliveryStatus}`}>
          {t('customer.delivery')}: {enumLabel('deliveryStatus', order.deliveryStatus)}
        </span>
        {order.deliveredAt !== null && (
          <span className="muted">
            {t('customer.delivered', { date: formatDate(order.deliveredAt, lang) })}
          </span>
        )}
      </div>
    </li>
  );
}

export function OrdersList({ orders, testId }: { orders: OrderView[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="card-section" data-testid={testId}>
      <h3>{t('customer.orders')}</h3>
      {orders.length === 0 ? (
        <p className="muted">{t('customer.noOrders')}</p>
      ) : (
        <ul className="orders">
          {orders.map((order) => (
            <OrderRow key={order.id} order={order} />
          ))}
        </ul>
      )}
    </section>
  );
}
