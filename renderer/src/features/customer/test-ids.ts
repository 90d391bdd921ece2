/**
 * The card renders in two places: the pop (stable test hooks from the e2e suite) and the search pane
 * (prefixed, so a page showing both never has two elements with the same hook).
 */
export interface CardTestIds {
  card: string;
  name: string;
  company: string;
  tier: string;
  phones: string;
  orders: string;
  followUps: string;
  interactions: string;
  interactionRow: string;
  fullHistoryButton: string;
  fullHistory: string;
  historyRow: string;
}

export const popTestIds: CardTestIds = {
  card: 'pop-card',
  name: 'pop-customer-name',
  company: 'pop-company',
  tier: 'pop-tier',
  phones: 'pop-phones',
  orders: 'pop-orders',
  followUps: 'pop-followups',
  interactions: 'pop-interactions',
  interactionRow: 'pop-interaction-row',
  fullHistoryButton: 'btn-full-history',
  fullHistory: 'full-history',
  historyRow: 'history-row',
};

export const searchTestIds: CardTestIds = {
  card: 'search-card',
  name: 'search-customer-name',
  company: 'search-company',
  tier: 'search-tier',
  phones: 'search-phones',
  orders: 'search-orders',
  followUps: 'search-followups',
  interactions: 'search-interactions',
  interactionRow: 'search-interaction-row',
  fullHistoryButton: 'search-btn-full-history',
  fullHistory: 'search-full-history',
  historyRow: 'search-history-row',
};

export const leadCardTestIds: CardTestIds = {
  card: 'lead-customer-card',
  name: 'lead-customer-name',
  company: 'lead-customer-company',
  tier: 'lead-customer-tier',
  phones: 'lead-customer-phones',
  orders: 'lead-customer-orders',
  followUps: 'lead-customer-followups',
  interactions: 'lead-customer-interactions',
  interactionRow: 'lead-customer-interaction-row',
  fullHistoryButton: 'lead-btn-full-history',
  fullHistory: 'lead-full-history',
  historyRow: 'lead-history-row',
};

export const followUpTestIds: CardTestIds = {
  card: 'follow-up-card',
  name: 'follow-up-customer-name',
  company: 'follow-up-company',
  tier: 'follow-up-tier',
  phones: 'follow-up-phones',
  orders: 'follow-up-orders',
  followUps: 'follow-up-followups',
  interactions: 'follow-up-interactions',
  interactionRow: 'follow-up-interaction-row',
  fullHistoryButton: 'follow-up-btn-full-history',
  fullHistory: 'follow-up-full-history',
  historyRow: 'follow-up-history-row',
};
