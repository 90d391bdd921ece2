/**
 * Fixed, hand-written demo content per locale: the product catalog and the short texts agents write. Fixed
 * (not faker-made) so a demo reads like one plausible shop — a consumer-electronics and telecom retailer —
 * and so the SKUs and prices are stable across seeds.
 */
import type { BusinessTypeCode } from './reference-data';
import type { DemoLocale } from './demo-random';

export interface CatalogProduct {
  sku: string;
  name: string;
  category: string;
  /** Whole currency units; for contract products this is the monthly fee. */
  price: number;
  /** Contract products are sold as a term (12/24 months) rather than shipped. */
  contract: boolean;
}

type Row = readonly [name: string, price: number];
type Category = readonly [code: string, name: string, contract: boolean, rows: readonly Row[]];

// prettier-ignore
const EN_CATEGORIES: readonly Category[] = [
  ['PH', 'Phones & tablets', false, [['Aurora X5 smartphone', 699], ['Aurora X5 Pro smartphone', 999], ['Nimbus Lite phone', 249], ['Nimbus Flip phone', 129], ['Aurora Tab 11 tablet', 449]]],
  ['HA', 'Home appliances', false, [['ComfortAir 12k BTU air conditioner', 549], ['PureFlow water purifier', 299], ['QuietWash front-load washer', 799], ['FreshKeep 18 cu ft refrigerator', 1199], ['Breeze tower fan', 89]]],
  ['PC', 'Computers', false, [['Vertex 14 laptop', 899], ['Vertex 16 Pro laptop', 1499], ['Orbit 27" monitor', 279], ['KeyFlow wireless keyboard', 59], ['Orbit mini PC', 399]]],
  ['AV', 'TV & audio', false, [['Lumen 55" 4K TV', 649], ['Lumen 65" OLED TV', 1799], ['SoundBar 300', 249], ['EchoBuds wireless earbuds', 129], ['Studio headphones H2', 199]]],
  ['AC', 'Accessories', false, [['Fast charger 65 W', 39], ['USB-C cable 2 m', 15], ['Clear phone case', 19], ['Screen protector 2-pack', 12], ['Power bank 20,000 mAh', 49]]],
  ['PL', 'Service plans', true, [['Unlimited 5G plan', 65], ['Family plan, 4 lines', 140], ['Home fiber 500 Mbps', 55], ['Home fiber 1 Gbps', 75], ['Basic talk & text', 25]]],
  ['PR', 'Protection', true, [['Device protection', 9], ['Device protection plus', 15], ['Home appliance care', 12], ['Premium tech support', 10], ['Cloud backup 1 TB', 5]]],
  ['SV', 'Services', false, [['Home installation', 99], ['In-home setup visit', 79], ['Data transfer service', 29], ['Screen repair', 149], ['Battery replacement', 69]]],
];

// prettier-ignore
const ZH_CATEGORIES: readonly Category[] = [
  ['PH', '手机平板', false, [['极光 X5 智能手机', 3999], ['极光 X5 Pro 智能手机', 5999], ['云朵青春版手机', 1299], ['云朵老人机', 299], ['极光平板 11', 2499]]],
  ['HA', '家用电器', false, [['舒适风 1.5匹变频空调', 2999], ['净流净水器', 1899], ['静音滚筒洗衣机 10公斤', 3299], ['鲜存对开门冰箱', 4999], ['清风落地扇', 199]]],
  ['PC', '电脑办公', false, [['锐点 14 笔记本电脑', 4999], ['锐点 16 Pro 笔记本电脑', 7999], ['环宇 27英寸显示器', 1299], ['轻触无线键盘', 199], ['环宇迷你主机', 2299]]],
  ['AV', '电视影音', false, [['流明 55英寸 4K 电视', 2999], ['流明 65英寸 OLED 电视', 8999], ['回音壁 300', 999], ['回声无线耳机', 599], ['录音室头戴耳机 H2', 899]]],
  ['AC', '配件', false, [['65W 快充充电器', 149], ['USB-C 数据线 2米', 49], ['透明手机壳', 39], ['钢化膜两片装', 29], ['20000毫安移动电源', 169]]],
  ['PL', '通信套餐', true, [['5G 畅享套餐', 129], ['全家享 4 卡套餐', 299], ['光纤宽带 500M', 99], ['光纤宽带 1000M', 159], ['基础通话套餐', 38]]],
  ['PR', '保障服务', true, [['碎屏保障', 15], ['全面保障 Plus', 29], ['家电延保', 19], ['尊享技术支持', 25], ['云备份 1TB', 10]]],
  ['SV', '上门服务', false, [['上门安装', 199], ['上门调试', 99], ['数据迁移服务', 49], ['屏幕维修', 599], ['电池更换', 299]]],
];

export function catalogFor(locale: DemoLocale): CatalogProduct[] {
  // The SKU carries the market so an en and a zh-CN seed can share one database without colliding.
  const market = locale === 'zh-CN' ? 'CN' : 'US';
  const categories = locale === 'zh-CN' ? ZH_CATEGORIES : EN_CATEGORIES;
  return categories.flatMap(([code, category, contract, rows]) =>
    rows.map(([name, price], index) => ({
      sku: `${market}-${code}-${String(101 + index)}`,
      name,
      category,
      price,
      contract,
    })),
  );
}

export interface LocaleTexts {
  currency: string;
  paymentMethods: readonly string[];
  /** Interaction note templates per business type; `{product}` is replaced by a product name. */
  callNotes: Readonly<Record<BusinessTypeCode, readonly string[]>>;
  /** Notes for calls that went nowhere, where a product would make no sense. */
  wrongNumberNotes: readonly string[];
  doNotCallNotes: readonly string[];
  customerNotes: readonly string[];
  followUpNotes: Readonly<Record<'callback' | 'revisit' | 'birthday', readonly string[]>>;
}

// prettier-ignore
const EN_TEXTS: LocaleTexts = {
  currency: 'USD',
  paymentMethods: ['card', 'card', 'card', 'paypal', 'bank-transfer', 'cash-on-delivery'],
  callNotes: {
    sales: ['Asked about {product}; sent pricing by email.', 'Bought {product}, paid by card.', 'Interested in {product}, comparing with a competitor.', 'Explained the upgrade offer for {product}.', 'Asked for a discount on {product}.'],
    support: ['{product} would not turn on; walked through a reset, works now.', 'Helped set up {product}.', 'Checked delivery of {product}, arriving in 2 days.', 'Wi-Fi drops on {product}; firmware update fixed it.', 'Asked how to return {product}.'],
    complaints: ['Late delivery of {product}; apologised and sent a voucher.', '{product} arrived damaged; replacement arranged.', 'Unhappy with the installer for {product}; escalated to team lead.', 'Charged twice for {product}, very upset.', 'Repeated faults with {product}; wants a refund.'],
    billing: ['Explained the invoice line for {product}.', 'Set up a payment arrangement for {product}.', 'Refund of an overcharge on {product} confirmed, 5–7 business days.', 'Updated card details for the {product} subscription.', 'Disputed a late fee on {product}; waived once.'],
  },
  wrongNumberNotes: ['Caller wanted a different company.', 'Wrong number, no relation to the account holder.'],
  doNotCallNotes: ['Asked to be removed from all call lists.', 'Does not want sales calls, added to DNC.'],
  customerNotes: ['Prefers email over phone.', 'Call after 6 pm only.', 'Hard of hearing, speak slowly.', 'Customer since the first store opened.', 'Spanish speaker; English fine for simple topics.', 'Works night shifts, mornings are bad.', 'Asked not to be offered upgrades.', 'Decision maker for the company account.', 'Pays by bank transfer only.', 'Referred three friends last year.'],
  followUpNotes: {
    callback: ['Call back about the open ticket.', 'Call back with a quote.', 'Confirm the replacement arrived.', 'Customer busy, asked to call again.'],
    revisit: ['Check satisfaction after installation.', 'Talk about contract renewal.', 'Offer the upgrade once eligible.'],
    birthday: ['Birthday greeting and voucher.'],
  },
};

// prettier-ignore
const ZH_TEXTS: LocaleTexts = {
  currency: 'CNY',
  paymentMethods: ['alipay', 'alipay', 'wechat-pay', 'wechat-pay', 'unionpay', 'bank-transfer'],
  callNotes: {
    sales: ['咨询{product}价格，已发送报价。', '已购买{product}，刷卡支付。', '对{product}感兴趣，想与其他品牌比较。', '介绍了{product}的升级优惠。', '客户希望{product}能打折。'],
    support: ['{product}无法开机，指导重置后恢复正常。', '协助客户设置{product}。', '查询{product}物流，预计两天内送达。', '{product}连不上无线网，升级固件后解决。', '客户询问{product}如何退货。'],
    complaints: ['{product}配送延误，已致歉并赠送优惠券。', '{product}到货破损，已安排换货。', '客户对{product}安装师傅不满，已升级至组长。', '{product}被重复扣款，客户情绪激动。', '{product}多次故障，要求退款。'],
    billing: ['解释了{product}账单明细。', '为{product}办理了延期缴费。', '{product}多扣费用的退款已确认，5-7个工作日到账。', '更新了{product}套餐的扣款银行卡。', '对{product}账户的滞纳金有异议，已减免一次。'],
  },
  wrongNumberNotes: ['来电者要找的是其他公司。', '打错电话，与账户持有人无关。'],
  doNotCallNotes: ['要求从所有呼叫名单中移除。', '不希望接到推销电话，已加入免打扰名单。'],
  customerNotes: ['偏好微信沟通。', '请在晚上六点后致电。', '听力不好，请放慢语速。', '老客户，开业起就在本店购物。', '讲粤语，普通话可简单沟通。', '上夜班，上午不方便接电话。', '要求不要推销升级。', '公司账户的主要决策人。', '只使用银行转账付款。', '去年推荐了三位朋友。'],
  followUpNotes: {
    callback: ['就未结工单回电。', '回电提供报价。', '确认换货已收到。', '客户在忙，要求稍后再打。'],
    revisit: ['安装后回访满意度。', '沟通合约续约事宜。', '符合条件后推荐升级。'],
    birthday: ['生日祝福并赠送优惠券。'],
  },
};

export function textsFor(locale: DemoLocale): LocaleTexts {
  return locale === 'zh-CN' ? ZH_TEXTS : EN_TEXTS;
}
